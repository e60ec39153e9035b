#pragma once
// Converting a trained ReLU network (models/dense_network.hpp) into spiking networks that
// run on the engine, one network per input sample.
//   rate: integrate-and-fire neurons with reset by subtraction (models/if_subtract.hpp);
//         layer l's weights and biases divided by its activation scale lambda_l (max, or
//         the 99.9th percentile: "robust" normalisation, Rueckauer et al. 2017) and
//         multiplied by lambda_{l-1}, so a unit with activation a fires at a / lambda_l *
//         max_rate. Input: Poisson or regular trains of rate x * max_rate, or a constant
//         current into the first layer. Readout: output spike counts, or the potential of
//         non-spiking output neurons.
//   ttfs: one spike per neuron at most (models/ttfs_neuron.hpp), input latency encoding
//         t = T (1 - x); layer l integrates during [P_l - T, P_l) and fires during
//         [P_l, P_l + T), P_l = l (T + delay); the first output neuron to spike decides.
// Dale's law: with `dale`, each input and hidden unit becomes an excitatory copy carrying
// W+ = max(W, 0) and an inhibitory copy carrying W- = max(-W, 0) (as weight -W-); both
// copies receive the same inputs, so they are identical and W+ a - W- a = W a.
#include "models/dense_network.hpp"
#include "models/perturbation.hpp"
#include "sim/network.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

enum class CodingMode { ann, rate, ttfs };
enum class RateEncoding { poisson, regular, current };
enum class Normalisation { max, percentile };
enum class Readout { spikes, membrane };
const char* to_string(CodingMode m);
const char* to_string(RateEncoding e);

struct ConversionOptions {
    CodingMode mode = CodingMode::rate;
    bool dale = false;
    Normalisation normalisation = Normalisation::percentile;
    double percentile = 99.9;
    RateEncoding encoding = RateEncoding::poisson;
    Readout readout = Readout::spikes;
    double max_rate = 1.0;   // spikes per ms for activation lambda (1 kHz)
    double duration = 200.0; // ms, rate mode
    double phase = 5.0;      // T, ms, ttfs mode
    double delay = 0.5;      // ms, every synapse
    std::uint64_t seed = 1;  // Poisson input trains
    // Signed inputs as ON/OFF pairs (x+ and x-, the OFF population sending -W); signed
    // outputs as a pair of rectifying populations per dimension, output_pos computing
    // relu(z) (excitatory) and output_neg relu(-z) (inhibitory), so z = pos - neg.
    bool signed_input = false;
    bool signed_output = false;
    // Dale's law natively for a network whose hidden units need no sign (the key-value
    // block): with `dale` and `signed_output`, each hidden layer is one excitatory
    // population instead of an E and an I copy. The inputs keep their E and I pathways
    // (feed-forward inhibition); the output pair receives the positive and the negative
    // parts of the last layer, pos = W+ h + b+ and neg = W- h + b-, so that z = pos - neg
    // with neither part rectified. The output's scale must bound both parts
    // (split_output_scale).
    bool excitatory_hidden = false;
    // A noisy or low-precision substrate (models/perturbation.hpp). With jitter, every
    // delay is lengthened by its bound (4 sd) or the perturbation's margin, so that no
    // delivery can arrive before its spike; ttfs phases follow the longer delay, rate runs
    // last longer by that latency, and rate read-outs start after it.
    Perturbation perturbation;
    // InputError with source `options` (the experiment's name) naming the field: duration,
    // phase, delay, max_rate > 0 and finite; percentile in (0, 100]; excitatory_hidden
    // only with dale and signed_output; the perturbation's.
    void validate(const std::string& options) const;
};

// Layer l's activation scale lambda_l (l = 0: the input) over a data set; with
// `signed_ends`, the input and output layers are scaled by their absolute values.
std::vector<double> activation_scales(const DenseNetwork& ann, const Eigen::MatrixXd& x,
                                      Normalisation n, double percentile = 99.9,
                                      bool signed_ends = false);

// The scale of the output layer for excitatory_hidden: over the data set, the given
// percentile (or the max) of both parts, W+ h + b+ and W- h + b-, of every output.
double split_output_scale(const DenseNetwork& ann, const Eigen::MatrixXd& x, Normalisation n,
                          double percentile = 99.9);

// W+ and W- of a weight matrix: W = W+ - W-, both >= 0, disjoint supports.
std::pair<Eigen::MatrixXd, Eigen::MatrixXd> split_signs(const Eigen::MatrixXd& w);
// The ANN evaluated through the E/I split (each unit's excitatory and inhibitory copies).
Eigen::MatrixXd logits_dale_split(const DenseNetwork& ann, const Eigen::MatrixXd& x);

struct SpikingNetwork {
    Network network;
    std::vector<PopulationId> layer_populations; // every population, input first
    std::vector<PopulationId> hidden;            // one population per hidden layer (its first copy)
    std::vector<PopulationId> outputs;           // [output], or [output_pos, output_neg]
    PopulationId output{};                       // outputs.front()
    double duration = 0;                         // ms to simulate
    double decision_from = 0; // ms: when output spikes start to mean something (ttfs: P_L)
};

class Converter {
  public:
    Converter(const DenseNetwork& ann, std::vector<double> scales, ConversionOptions options);
    // The spiking network for one input sample (pixel values in [0, 1]).
    SpikingNetwork build(const Eigen::VectorXd& sample, std::uint64_t sample_id) const;
    const ConversionOptions& options() const { return o_; }
    // Every synapse's delay: the option's, lengthened for the jitter
    // (Perturbation::delay_lengthening).
    double synaptic_delay() const;
    std::size_t layers() const { return w_.size(); }

  private:
    ConversionOptions o_;
    std::vector<double> scales_;
    std::vector<Eigen::MatrixXd> w_; // normalised weights, outputs x inputs
    std::vector<Eigen::VectorXd> b_; // normalised biases
};

} // namespace spikesim
