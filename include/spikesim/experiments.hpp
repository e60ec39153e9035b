#pragma once
// spikesim's experiments as library code (link spikesim::experiments): each has Options
// with validate(), a run function returning a Result, and a write function that stores it
// in a SONATA file.
#include "analysis/activity_regime.hpp"
#include "analysis/file_statistics.hpp"
#include "analysis/kreuz_distances.hpp"
#include "analysis/spike_statistics.hpp"
#include "experiments/anatomy.hpp"
#include "experiments/brunel_output.hpp"
#include "experiments/coba.hpp"
#include "experiments/coding_output.hpp"
#include "experiments/cuba.hpp"
#include "experiments/kv_output.hpp"
#include "experiments/network_run.hpp"
#include "experiments/two_input_output.hpp"
