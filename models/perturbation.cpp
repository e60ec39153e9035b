#include "models/perturbation.hpp"

#include "models/activation.hpp"
#include "sim/errors.hpp"
#include "sim/random.hpp"
#include "sim/synaptic_noise.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {

void Perturbation::validate(const std::string& options) const {
    if (!std::isfinite(jitter_ms) || jitter_ms < 0)
        throw InputError(options, "jitter_ms", "a finite number >= 0 (ms)",
                         format_number(jitter_ms));
    if (!(failure >= 0 && failure < 1))
        throw InputError(options, "failure", "a probability in [0, 1)", format_number(failure));
    if (!std::isfinite(delay_margin_ms) || delay_margin_ms < 0)
        throw InputError(options, "delay_margin_ms", "a finite number >= 0 (ms)",
                         format_number(delay_margin_ms));
    if (!std::isfinite(membrane_sigma) || membrane_sigma < 0)
        throw InputError(options, "membrane_sigma", "a finite number >= 0 (threshold per sqrt(ms))",
                         format_number(membrane_sigma));
    if (weight_bits != 0 && (weight_bits < 2 || weight_bits > 16))
        throw InputError(options, "weight_bits", "0 (full precision) or 2 to 16 bits",
                         std::to_string(weight_bits));
}

double Perturbation::delay_lengthening() const {
    return std::max(delay_margin_ms, SynapticNoise{0.0, jitter_ms}.bound());
}

Eigen::MatrixXd quantise_weights(const Eigen::MatrixXd& w, int bits) {
    const double largest = w.cwiseAbs().maxCoeff();
    if (!(largest > 0)) return w;
    const double step = largest / double((1 << (bits - 1)) - 1);
    return (w / step).array().round().matrix() * step;
}

DenseNetwork quantised(const DenseNetwork& ann, int bits) {
    DenseNetwork q = ann;
    for (auto& l : q.layers())
        l.w = quantise_weights(l.w, bits);
    return q;
}

double TtfsTiming::output_phase_start(std::size_t l, const Perturbation& p) const {
    return double(l + 1) * (phase + delay + p.delay_lengthening());
}

namespace {

// One sample through the network, each connection dropped and each active input's value
// jittered as the spiking network's deliveries are, each pre-activation moved by the
// membrane noise a ttfs unit integrates.
Eigen::VectorXd perturbed_sample(const DenseNetwork& ann, const std::vector<double>& scales,
                                 Eigen::VectorXd a, const Perturbation& p, const TtfsTiming& timing,
                                 RandomStream& r) {
    const double phase = timing.phase;
    const double value_error = p.jitter_ms / phase; // relative to the layer's scale
    for (std::size_t l = 0; l < ann.layers().size(); ++l) {
        const DenseLayer& layer = ann.layers()[l];
        Eigen::VectorXd z = layer.b;
        for (Eigen::Index j = 0; j < layer.w.rows(); ++j)
            for (Eigen::Index i = 0; i < layer.w.cols(); ++i) {
                if (a[i] == 0) continue; // a silent unit sends nothing to drop or jitter
                if (p.failure > 0 && r.uniform() < p.failure) continue;
                double value = a[i];
                if (value_error > 0) value += scales[l] * value_error * r.normal();
                z[j] += layer.w(j, i) * value;
            }
        if (p.membrane_sigma > 0) {
            // Noise from time 0 to the unit's crossing: the wait for its output phase, and
            // the ramp from z to the threshold.
            const double lambda = scales[l + 1];
            const double wait = timing.output_phase_start(l, p);
            for (Eigen::Index j = 0; j < z.size(); ++j) {
                const double ramp = phase * (1.0 - std::clamp(z[j] / lambda, 0.0, 1.0));
                z[j] += lambda * p.membrane_sigma * std::sqrt(wait + ramp) * r.normal();
            }
        }
        a = apply(layer.f, z.array()).matrix();
    }
    return a;
}

} // namespace

Eigen::MatrixXd perturbed_logits(const DenseNetwork& ann, const std::vector<double>& scales,
                                 const Eigen::MatrixXd& x, const Perturbation& p,
                                 const TtfsTiming& timing, std::uint64_t seed) {
    const DenseNetwork net = p.weight_bits ? quantised(ann, p.weight_bits) : ann;
    if (p.jitter_ms == 0 && p.failure == 0 && p.membrane_sigma == 0) return net.logits(x);
    Eigen::MatrixXd out(x.rows(), net.layers().back().w.rows());
    for (Eigen::Index s = 0; s < x.rows(); ++s) {
        RandomStream r(seed, purpose_of("ann_perturbation"), std::uint64_t(s));
        out.row(s) = perturbed_sample(net, scales, x.row(s).transpose(), p, timing, r).transpose();
    }
    return out;
}

} // namespace spikesim
