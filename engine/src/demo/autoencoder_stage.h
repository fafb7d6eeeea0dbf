#pragma once
// Stage 2 of the demo: the FLUX-architecture autoencoder at ShapeWorld size, trained on renders
// with object pixels weighted x10 and object contours x40, plus an image-gradient term (shapeworld.md, Calibration: plain losses are dominated by the
// background), gated on the oracle: at least 98% of held-out round trips must read back exactly.
// Writes `ae.safetensors` (EMA weights, official names) and `ae_config.json` (with the latent
// scale and shift measured on renders) into its folder when it passes. Engine-internal.

#include <string>

#include "hyperbagel/engine/error.h"

#include "demo/stage_env.h"
#include "models/bagel/bagel_config.h"

namespace hb {

struct AutoencoderStageOptions {
    std::int64_t steps = 12000;   ///< planned optimizer steps (cosine schedule length)
    /// From this step on (the refinement phase) every object is small and half of them are hexagons or
    /// stars: the shapes whose corners a 12-pixel drawing loses first. The first run's gate stalled at
    /// 97.25-97.75% from step 8000 to 10000, every miss a small hexagon or star read as a circle.
    /// -1: never.
    std::int64_t refineFrom = 10000;
    std::int64_t batch = 24;
    std::int64_t crop = 64; ///< training window side (multiple of 8); 0 trains on whole canvases
    double peakLr = 1e-3;
    std::int64_t gateEvery = 500; ///< steps between gate measurements
    std::int64_t gateSamples = 400;
    double gateTarget = 0.98;     ///< required at the end
    double earlyStopRate = 0.995; ///< stop before the planned steps once the gate reaches this
    std::int64_t checkpointEvery = 250;
};

/// Trains (or resumes) into env.dir. Finished means ae.safetensors exists and passed the gate.
Result<StageOutcome> runAutoencoderStage(const StageEnv& env, const VaeConfig& config,
                                         const AutoencoderStageOptions& options);

struct AutoencoderGate {
    double rate = 0.0;        ///< fraction read back exactly
    std::string commonMisses; ///< the five most frequent differences, "why xN; ..."
    double latentStd = 0.0;    ///< spread of the posterior means (checkAutoencoderStage only)
    double posteriorStd = 0.0; ///< mean posterior standard deviation (checkAutoencoderStage only)
};

/// How many of `samples` held-out scenes (fixed by `seed`) the oracle reads back exactly (background
/// and every object's shape, colour, size and cell) after a VAE round trip.
AutoencoderGate autoencoderGate(const class FluxVaeImpl& vae, std::uint64_t seed, std::int64_t samples);

/// Loads the EMA weights of an autoencoder stage's checkpoint (or its finished ae.safetensors) and
/// measures the gate; for checking a run from the command line.
/// `gridPath`, when set, receives a PNG: eight renders above their round trips.
Result<AutoencoderGate> checkAutoencoderStage(const std::string& dir, std::uint64_t seed, std::int64_t samples,
                                              const std::string& gridPath = {});

} // namespace hb
