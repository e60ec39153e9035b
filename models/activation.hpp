#pragma once
// Activation functions of rate neurons y = f(W x + b): the deep-learning neuron.
#include "sim/errors.hpp"

#include <Eigen/Dense>

#include <string>

namespace spikesim {

enum class Activation { relu, sigmoid, tanh, softplus, gelu, silu, identity };

const char* to_string(Activation f);
Activation activation_from_string(const std::string& name,
                                  const std::string& where); // InputError if unknown

Eigen::ArrayXXd apply(Activation f, const Eigen::ArrayXXd& z);
// df/dz at z (elementwise).
Eigen::ArrayXXd derivative(Activation f, const Eigen::ArrayXXd& z);

} // namespace spikesim
