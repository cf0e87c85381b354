#pragma once
#include <fitsio.h>
