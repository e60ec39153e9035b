#pragma once
// spikesim's public C++ API in one include (docs/architecture.md lists each header):
//
//   #include <spikesim/spikesim.hpp>
//   using namespace spikesim;
//   Network net(/*seed=*/1);
//   auto exc = net.add_neurons<LifExp>("exc", 3200, params, Dale::excitatory, {{-60, -50}});
//   net.connect(exc, exc, FixedProbability{0.02}, {.weight = 1.62, .delay = 0.1});
//   Simulation sim(net);
//   auto& spikes = sim.record_spikes(exc);
//   sim.run(1000.0); // spikes.times(), spikes.node_ids()
//
// Link spikesim::engine (find_package(spikesim)); the experiments (CUBA, COBA, coding, kv,
// two-input) are in <spikesim/experiments.hpp> and spikesim::experiments.
#include "config/network_config.hpp"
#include "io/sonata_writer.hpp"
#include "io/spike_file.hpp"
#include "models/adaptive_models.hpp"
#include "models/lif_cond_exp.hpp"
#include "models/lif_delta.hpp"
#include "models/lif_exp.hpp"
#include "sim/connection_rules.hpp"
#include "sim/errors.hpp"
#include "sim/monitors.hpp"
#include "sim/network.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"
#include "sim/version.hpp"
