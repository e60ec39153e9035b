#pragma once
// Ongoing activity of a recurrent E/I network: Brunel's (2000) model A. N_E excitatory and
// N_E / 4 inhibitory LIF neurons with delta synapses (a jump of J, or -g J from an
// inhibitory neuron, after delay D); every neuron draws C_E excitatory and C_E / 4
// inhibitory sources and receives C_E independent Poisson inputs of rate
// nu_ext = eta * nu_thr, nu_thr = theta / (J C_E tau_m) being the rate that brings the
// mean input to threshold. The experiment sweeps (g, eta) and classifies each point's
// activity (analysis/activity_regime.hpp), as in Brunel's Fig. 2.
//
// Size: the regimes depend on C_E and J (through the mean and the variance of the input),
// on N only through C_E / N (shared input). So the default keeps Brunel's C_E = 1000 and
// J = 0.1 mV and takes N_E = 4000 (C_E / N_E = 0.25, Brunel's 0.1 at N_E = 10000).
// With fewer inputs, J = 100 mV / C_E keeps the mean input (and nu_thr); the variance then
// grows as 1 / C_E, which damps SI fast first (docs/brunel.md has the measurements).
#include "analysis/activity_regime.hpp"
#include "sim/network.hpp"
#include "sim/spike_raster.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace spikesim {

struct BrunelParams {
    std::uint32_t n_exc = 4000;    // N_E; N_I = N_E / 4
    std::uint32_t indegree = 1000; // C_E; C_I = C_E / 4
    std::optional<double> j;       // mV; default 100 mV / C_E (0.1 mV at C_E = 1000)
    double g = 5.0;                // relative strength of inhibition
    double eta = 2.0;              // nu_ext / nu_thr
    double delay = 1.5;            // D, ms
    double tau_m = 20.0;           // ms
    double theta = 20.0;           // threshold above rest, mV
    double v_reset = 10.0;         // mV
    double t_ref = 2.0;            // ms
    std::uint64_t seed = 1;

    double weight() const { return j.value_or(100.0 / double(indegree)); }
    double nu_thr_hz() const { return theta / (weight() * double(indegree) * tau_m) * 1000.0; }
    // InputError "brunel" naming the field.
    void validate() const;
};

// Populations "exc" and "inh" (membrane potentials start uniform in [0, theta]), four
// fixed-in-degree projections and the drive.
Network build_brunel(const BrunelParams& p);

struct BrunelPoint {
    double g = 0, eta = 0;
    RegimeFeatures features;
    ActivityRegime regime = ActivityRegime::asynchronous_irregular;
    std::string example; // "A".."D" for Brunel's example points, else empty
    // Examples only: the spikes of the first `raster_neurons` excitatory neurons and the
    // population rate (1 ms bins over the analysed window).
    std::optional<SpikeRaster> raster;
    std::vector<double> population_rate_hz;
};

struct BrunelExample {
    std::string name;
    double g, eta;
    ActivityRegime regime; // where Brunel (2000, Fig. 8) places it
};
// Brunel's Fig. 8: A SR (g 3, eta 2), B SI fast (6, 4), C AI (5, 2), D SI slow (4.5, 0.9).
const std::vector<BrunelExample>& brunel_examples();

struct BrunelOptions {
    BrunelParams params; // g and eta are set per point
    std::vector<double> g{2, 3, 4, 5, 6, 7, 8};
    std::vector<double> eta{1, 1.5, 2, 3, 4};
    bool examples = true;     // also run Brunel's four example points
    double duration = 600.0;  // ms per point
    double transient = 100.0; // ms left out of the analysis
    std::uint32_t raster_neurons = 100;
    void validate() const; // InputError "brunel" naming the field
};

// One point: builds, runs and classifies.
BrunelPoint run_brunel_point(const BrunelParams& p, const BrunelOptions& o, bool keep_raster);

struct BrunelResult {
    std::vector<BrunelPoint> grid; // g major: grid[i * eta.size() + j]
    std::vector<BrunelPoint> examples;
};
// Every point of the grid, then the examples; `on_point` after each (done, total, point).
BrunelResult
run_brunel(const BrunelOptions& o,
           const std::function<void(std::size_t, std::size_t, const BrunelPoint&)>& on_point = {});

} // namespace spikesim
