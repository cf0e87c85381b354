/// The commented example `sci pipeline init` writes: the seed's full example on `sci pipeline synth data` output.
public enum PipelineExample {
    /// The YAML text.
    public static let yaml = #"""
# An AstrOmatic pipeline for `sci pipeline run` (made by `sci pipeline init`).
# It runs as is on the synthetic data of `sci pipeline synth data`:
#   SExtractor on 3 exposures -> SCAMP against a local reference catalog -> SWarp stack
#   -> SExtractor with VIGNET -> PSFEx -> SExtractor with PSF photometry.
# Relative paths are relative to this file; ${name} is replaced by the path called `name`.
name: synthetic-field

# Folders, created when missing. `log` gets each step's XML report and stderr, pipeline.json (the state that
# `--resume` continues from) and pipeline.lock (held while a run is under way). Each step gets a scratch folder
# `${temp}/<step>.tmp`, emptied before it runs.
paths:
  images: data
  temp: work/tmp
  log: work/log
  headers: work/headers
  stacks: work/stacks
  catalogs: work/catalogs

# Binaries, when they are not on PATH under a usual name (source-extractor/sex/sextractor, SWarp/swarp, scamp, psfex).
build_paths: {}
#  SExtractor: /opt/astromatic/bin/sex

steps:
  # 1. Catalogs of each exposure for SCAMP. `files`, `weights` and `flags` are the images, weight maps and masks;
  #    `config` keys become -KEY value; `parameters` become the step's own parameter file.
  - name: sex0
    tool: SExtractor
    tags: [step1, SExtractor]
    files: ["${images}/img0.fits"]
    weights: ["${images}/img0.weight.fits"]
    parameters: &scamp_params [NUMBER, XWIN_IMAGE, YWIN_IMAGE, ERRAWIN_IMAGE, ERRBWIN_IMAGE, ERRTHETAWIN_IMAGE,
                               XWIN_WORLD, YWIN_WORLD, ERRAWIN_WORLD, ERRBWIN_WORLD, ERRTHETAWIN_WORLD, FLUX_AUTO,
                               FLUXERR_AUTO, MAG_AUTO, MAGERR_AUTO, FLAGS, FLAGS_WEIGHT, FLUX_RADIUS, ELONGATION]
    config: {CATALOG_NAME: "${temp}/img0.cat", CATALOG_TYPE: FITS_LDAC, DETECT_THRESH: 5, SEEING_FWHM: 0.78,
             PIXEL_SCALE: 0, VERBOSE_TYPE: QUIET}
  - name: sex1
    tool: SExtractor
    tags: [step1, SExtractor]
    files: ["${images}/img1.fits"]
    weights: ["${images}/img1.weight.fits"]
    parameters: *scamp_params
    config: {CATALOG_NAME: "${temp}/img1.cat", CATALOG_TYPE: FITS_LDAC, DETECT_THRESH: 5, SEEING_FWHM: 0.78,
             PIXEL_SCALE: 0, VERBOSE_TYPE: QUIET}
  - name: sex2
    tool: SExtractor
    tags: [step1, SExtractor]
    files: ["${images}/img2.fits"]
    weights: ["${images}/img2.weight.fits"]
    parameters: *scamp_params
    config: {CATALOG_NAME: "${temp}/img2.cat", CATALOG_TYPE: FITS_LDAC, DETECT_THRESH: 5, SEEING_FWHM: 0.78,
             PIXEL_SCALE: 0, VERBOSE_TYPE: QUIET}

  # 2. Astrometry against the local reference catalog (offline). MATCH_RESOL 1 makes SCAMP ~100x faster here.
  #    The headers go to a folder of their own: SExtractor would silently read IMAGE.head beside an image.
  - name: scamp
    tool: SCAMP
    tags: [step2, SCAMP]
    files: ["${temp}/img0.cat", "${temp}/img1.cat", "${temp}/img2.cat"]
    max_astrometric_rms: 0.5          # arcsec; SCAMP exits 0 even when the solution is wrong
    config: {ASTREF_CATALOG: FILE, ASTREFCAT_NAME: "${images}/ref.cat", SOLVE_PHOTOM: N, MATCH_RESOL: 1,
             HEADER_NAME: "${headers}/img0.head,${headers}/img1.head,${headers}/img2.head", VERBOSE_TYPE: QUIET}

  # 3. Resample and stack with SCAMP's headers.
  - name: swarp
    tool: SWarp
    tags: [step3, SWarp]
    files: ["${images}/img0.fits", "${images}/img1.fits", "${images}/img2.fits"]
    weights: ["${images}/img0.weight.fits", "${images}/img1.weight.fits", "${images}/img2.weight.fits"]
    config: {HEADER_NAME: "${headers}/img0.head,${headers}/img1.head,${headers}/img2.head", HEADER_SUFFIX: NONE,
             IMAGEOUT_NAME: "${stacks}/stack.fits", WEIGHTOUT_NAME: "${stacks}/stack.weight.fits",
             COMBINE_TYPE: WEIGHTED, SUBTRACT_BACK: N, VERBOSE_TYPE: QUIET}

  # 4. Stars with vignettes for PSFEx.
  - name: sexpsf
    tool: SExtractor
    tags: [step4, SExtractor]
    files: ["${stacks}/stack.fits"]
    weights: ["${stacks}/stack.weight.fits"]
    parameters: [NUMBER, XWIN_IMAGE, YWIN_IMAGE, XWIN_WORLD, YWIN_WORLD, FLUX_APER(1), FLUXERR_APER(1), FLUX_RADIUS,
                 ELONGATION, FLAGS, FLAGS_WEIGHT, SNR_WIN, FWHM_IMAGE, "VIGNET(35,35)"]
    config: {CATALOG_NAME: "${temp}/stack.psfcat", CATALOG_TYPE: FITS_LDAC, DETECT_THRESH: 5, PHOT_APERTURES: 12,
             VERBOSE_TYPE: QUIET}

  # 5. The PSF model (written to ${stacks}/stack.psf).
  - name: psfex
    tool: PSFEx
    tags: [step5, PSFEx]
    files: ["${temp}/stack.psfcat"]
    config: {CENTER_KEYS: "XWIN_IMAGE,YWIN_IMAGE", PSFVAR_KEYS: "XWIN_IMAGE,YWIN_IMAGE", PSF_DIR: "${stacks}",
             VERBOSE_TYPE: QUIET}

  # 6. PSF photometry on the stack.
  - name: sexphot
    tool: SExtractor
    tags: [step6, SExtractor]
    files: ["${stacks}/stack.fits"]
    weights: ["${stacks}/stack.weight.fits"]
    parameters: [NUMBER, XWIN_IMAGE, YWIN_IMAGE, XWIN_WORLD, YWIN_WORLD, FLUX_AUTO, FLUXERR_AUTO, MAG_AUTO, FLAGS,
                 XPSF_IMAGE, YPSF_IMAGE, ALPHAPSF_J2000, DELTAPSF_J2000, FLUX_PSF, FLUXERR_PSF, MAG_PSF, MAGERR_PSF,
                 SPREAD_MODEL, SPREADERR_MODEL]
    config: {PSF_NAME: "${stacks}/stack.psf", CATALOG_NAME: "${catalogs}/stack_psf.cat", CATALOG_TYPE: FITS_LDAC,
             DETECT_THRESH: 5, VERBOSE_TYPE: QUIET}

  # 7. Any shell command; declare inputs/outputs so it is ordered, and skipped when they did not change.
  - name: save
    tags: [step7]
    run: "cp ${catalogs}/stack_psf.cat ${catalogs}/final_psf.cat"
    inputs: ["${catalogs}/stack_psf.cat"]
    outputs: ["${catalogs}/final_psf.cat"]
    # ignore_errors: true     # log the error and continue (the run still exits 1 unless every failed step says this)
    # depends_on: [sexphot]   # explicit ordering beyond files (an earlier step)
    # allow_warnings: ["header file not found"]   # program warnings that an input was not used fail a step unless listed
"""#
}
