#pragma once
#include <sys/types.h>

/// Starts `path` with `argv` and `envp` in `directory`, its standard streams on `in_fd`, `out_fd` and `err_fd`,
/// in the caller's process group. Every other descriptor is closed in the child except `keep_fd` (-1 for none).
/// On Linux the child gets SIGKILL when the calling thread ends (PR_SET_PDEATHSIG), so call it from a thread
/// that lives as long as the process. Returns the child's pid, or -1 with the reason in `*error` (an errno,
/// including the child's own when exec failed).
pid_t sci_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                int in_fd, int out_fd, int err_fd, int keep_fd, int *error);

/// Catches `signals` (SIGINT, SIGTERM, ...): each one caught writes its number as one byte to a pipe whose read
/// end is returned (the same pipe on every call), so a thread can handle it outside the signal handler.
/// Returns -1 with errno set when the pipe cannot be made.
int sci_catch_signals(const int *signals, int count);

/// Gives `signals` back their default action.
void sci_release_signals(const int *signals, int count);
