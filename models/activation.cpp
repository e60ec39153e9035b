#include "models/activation.hpp"

#include <cmath>

namespace spikesim {
namespace {
const double inv_sqrt2 = 1.0 / std::sqrt(2.0);
const double inv_sqrt_2pi = 1.0 / std::sqrt(2.0 * M_PI);

Eigen::ArrayXXd sigmoid(const Eigen::ArrayXXd& z) {
    return 1.0 / (1.0 + (-z).exp());
}
Eigen::ArrayXXd normal_cdf(const Eigen::ArrayXXd& z) {
    return z.unaryExpr([](double x) { return 0.5 * (1.0 + std::erf(x * inv_sqrt2)); });
}
} // namespace

const char* to_string(Activation f) {
    switch (f) {
    case Activation::relu:
        return "relu";
    case Activation::sigmoid:
        return "sigmoid";
    case Activation::tanh:
        return "tanh";
    case Activation::softplus:
        return "softplus";
    case Activation::gelu:
        return "gelu";
    case Activation::silu:
        return "silu";
    case Activation::identity:
        return "identity";
    }
    return "?";
}

Activation activation_from_string(const std::string& name, const std::string& where) {
    for (Activation f :
         {Activation::relu, Activation::sigmoid, Activation::tanh, Activation::softplus,
          Activation::gelu, Activation::silu, Activation::identity})
        if (name == to_string(f)) return f;
    throw InputError(where, "activation",
                     "one of relu, sigmoid, tanh, softplus, gelu, silu, identity",
                     "\"" + name + "\"");
}

Eigen::ArrayXXd apply(Activation f, const Eigen::ArrayXXd& z) {
    switch (f) {
    case Activation::relu:
        return z.max(0.0);
    case Activation::sigmoid:
        return sigmoid(z);
    case Activation::tanh:
        return z.tanh();
    case Activation::softplus:
        return z.max(0.0) + (-z.abs()).exp().log1p(); // stable for large |z|
    case Activation::gelu:
        return z * normal_cdf(z); // exact form, x Phi(x)
    case Activation::silu:
        return z * sigmoid(z);
    case Activation::identity:
        return z;
    }
    return z;
}

Eigen::ArrayXXd derivative(Activation f, const Eigen::ArrayXXd& z) {
    switch (f) {
    case Activation::relu:
        return (z > 0.0).cast<double>();
    case Activation::sigmoid: {
        const auto s = sigmoid(z);
        return s * (1.0 - s);
    }
    case Activation::tanh:
        return 1.0 - z.tanh().square();
    case Activation::softplus:
        return sigmoid(z);
    case Activation::gelu:
        return normal_cdf(z) + z * (-0.5 * z.square()).exp() * inv_sqrt_2pi;
    case Activation::silu: {
        const auto s = sigmoid(z);
        return s + z * s * (1.0 - s);
    }
    case Activation::identity:
        return Eigen::ArrayXXd::Ones(z.rows(), z.cols());
    }
    return z;
}

} // namespace spikesim
