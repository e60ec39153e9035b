#pragma once
// A feed-forward network of rate neurons (the `ann` mode): layers y = f(W x + b), the last
// one linear (logits), trained with mini-batch Adam on softmax cross-entropy. Seeded and
// single-threaded, so training is deterministic.
#include "models/activation.hpp"
#include "models/digits.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spikesim {

struct DenseLayer {
    Eigen::MatrixXd w; // outputs x inputs: row i is neuron i's synapses
    Eigen::VectorXd b;
    Activation f = Activation::relu;
};

class DenseNetwork {
  public:
    DenseNetwork() = default;
    // widths: {inputs, hidden..., outputs}; hidden layers use `f`, the output is linear.
    DenseNetwork(const std::vector<int>& widths, Activation f, std::uint64_t seed);

    const std::vector<DenseLayer>& layers() const { return layers_; }
    std::vector<DenseLayer>& layers() { return layers_; }
    // Activations of every layer for a batch (samples x units), input first, logits last.
    std::vector<Eigen::MatrixXd> forward_all(const Eigen::MatrixXd& x) const;
    Eigen::MatrixXd logits(const Eigen::MatrixXd& x) const;
    std::vector<int> predict(const Eigen::MatrixXd& x) const;
    double accuracy(const LabelledData& d) const;
    std::uint64_t macs() const; // multiply-accumulates per sample

  private:
    std::vector<DenseLayer> layers_;
};

// Mean softmax cross-entropy of a batch and its gradient by backpropagation (no weight decay).
struct Gradients {
    double loss = 0;
    std::vector<Eigen::MatrixXd> w;
    std::vector<Eigen::VectorXd> b;
};
Gradients loss_gradients(const DenseNetwork& net, const Eigen::MatrixXd& x,
                         const std::vector<int>& y);

// Dale's law during training: the sign of each layer's input units (+1 excitatory: its
// outgoing weights >= 0; -1 inhibitory: <= 0; 0 free). Kept by projection: after every
// step a weight of the wrong sign is set to 0 (Song, Yang & Wang 2016, rectification).
struct SignConstraint {
    std::vector<Eigen::VectorXd> sign; // per layer, one entry per input unit (column)
    void project(DenseNetwork& net) const;
    // Weights of the wrong sign (0 after project).
    std::size_t violations(const DenseNetwork& net) const;
};

struct TrainOptions {
    int epochs = 60;
    int batch = 32;
    double learning_rate = 3e-3;
    double weight_decay = 1e-4; // L2 on weights, not biases
    std::uint64_t seed = 1;
    std::optional<SignConstraint> signs; // none: unconstrained
};

// Returns the training loss of each epoch.
std::vector<double> train(DenseNetwork& net, const LabelledData& data, const TrainOptions& options);

} // namespace spikesim
