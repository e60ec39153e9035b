#include "models/conversion.hpp"

#include "models/encoders.hpp"
#include "models/if_subtract.hpp"
#include "models/ttfs_neuron.hpp"
#include "sim/errors.hpp"
#include "sim/source_group.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spikesim {

namespace {

// excitatory_hidden reshapes the E/I copies and the output pair: it needs both.
void require_copies_for_excitatory_hidden(const ConversionOptions& o, const std::string& source) {
    if (o.excitatory_hidden && !(o.dale && o.signed_output))
        throw InputError(source, "excitatory_hidden", "dale and signed_output with it",
                         o.dale ? "no signed_output" : "no dale");
}

} // namespace

void ConversionOptions::validate(const std::string& options) const {
    auto positive = [&](const char* field, double value, const char* unit) {
        if (!(value > 0) || !std::isfinite(value))
            throw InputError(options, field, std::string("a number > 0 (") + unit + ")",
                             format_number(value));
    };
    positive("duration", duration, "ms");
    positive("phase", phase, "ms");
    positive("delay", delay, "ms");
    positive("max_rate", max_rate, "spikes per ms at the activation scale");
    if (!(percentile > 0 && percentile <= 100))
        throw InputError(options, "percentile", "a number in (0, 100]", format_number(percentile));
    require_copies_for_excitatory_hidden(*this, options);
    perturbation.validate(options);
}

const char* to_string(CodingMode m) {
    switch (m) {
    case CodingMode::ann:
        return "ann";
    case CodingMode::rate:
        return "rate";
    case CodingMode::ttfs:
        return "ttfs";
    }
    return "?";
}

const char* to_string(RateEncoding e) {
    switch (e) {
    case RateEncoding::poisson:
        return "poisson";
    case RateEncoding::regular:
        return "regular";
    case RateEncoding::current:
        return "current";
    }
    return "?";
}

namespace {

// The max or the percentile of the positive values (1 when there are none).
double scale_of(const Eigen::MatrixXd& a, Normalisation n, double percentile) {
    std::vector<double> values;
    for (Eigen::Index i = 0; i < a.size(); ++i)
        if (a.data()[i] > 0) values.push_back(a.data()[i]);
    if (values.empty()) return 1.0;
    if (n == Normalisation::max) return *std::max_element(values.begin(), values.end());
    const auto k =
        static_cast<std::size_t>(std::ceil(percentile / 100.0 * double(values.size()))) - 1;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return values[k];
}

} // namespace

std::vector<double> activation_scales(const DenseNetwork& ann, const Eigen::MatrixXd& x,
                                      Normalisation n, double percentile, bool signed_ends) {
    const auto a = ann.forward_all(x);
    std::vector<double> scales;
    for (std::size_t l = 0; l < a.size(); ++l) {
        // Signed inputs and outputs are carried as two rectified parts: scale by |value|.
        const bool absolute = signed_ends && (l == 0 || l + 1 == a.size());
        scales.push_back(scale_of(absolute ? a[l].cwiseAbs() : a[l], n, percentile));
    }
    return scales;
}

double split_output_scale(const DenseNetwork& ann, const Eigen::MatrixXd& x, Normalisation n,
                          double percentile) {
    const auto a = ann.forward_all(x);
    const DenseLayer& last = ann.layers().back();
    const auto [wp, wm] = split_signs(last.w);
    const Eigen::MatrixXd& h = a[a.size() - 2];
    Eigen::MatrixXd parts(h.rows(), 2 * last.w.rows());
    parts << (h * wp.transpose()).rowwise() + last.b.cwiseMax(0.0).transpose(),
        (h * wm.transpose()).rowwise() + (-last.b).cwiseMax(0.0).transpose();
    return scale_of(parts, n, percentile);
}

std::pair<Eigen::MatrixXd, Eigen::MatrixXd> split_signs(const Eigen::MatrixXd& w) {
    return {w.cwiseMax(0.0), (-w).cwiseMax(0.0)};
}

Eigen::MatrixXd logits_dale_split(const DenseNetwork& ann, const Eigen::MatrixXd& x) {
    Eigen::MatrixXd exc = x, inh = x; // the two copies of every unit carry the same activity
    for (const auto& l : ann.layers()) {
        const auto [wp, wm] = split_signs(l.w);
        const Eigen::MatrixXd z =
            (exc * wp.transpose() - inh * wm.transpose()).rowwise() + l.b.transpose();
        exc = inh = apply(l.f, z.array()).matrix();
    }
    return exc;
}

Converter::Converter(const DenseNetwork& ann, std::vector<double> scales, ConversionOptions options)
    : o_(options), scales_(std::move(scales)) {
    require_copies_for_excitatory_hidden(o_, "conversion");
    if (scales_.size() != ann.layers().size() + 1)
        throw InputError("conversion", "scales", "one scale per layer plus the input",
                         std::to_string(scales_.size()));
    for (std::size_t l = 0; l < ann.layers().size(); ++l) {
        const auto& layer = ann.layers()[l];
        if (l + 1 < ann.layers().size() && layer.f != Activation::relu)
            throw InputError("conversion", "activation",
                             "ReLU hidden layers (spiking neurons rectify)", to_string(layer.f));
        // Rounding after the scaling by one number per layer is rounding before it: the
        // grid of quantised(ann) (models/perturbation.hpp), scaled.
        const Eigen::MatrixXd w = layer.w * (scales_[l] / scales_[l + 1]);
        const int bits = o_.perturbation.weight_bits;
        w_.push_back(bits ? quantise_weights(w, bits) : w);
        b_.push_back(layer.b / scales_[l + 1]);
    }
}

double Converter::synaptic_delay() const {
    return o_.delay + o_.perturbation.delay_lengthening();
}

namespace {

// A population whose units carry `sign` times the activity of the layer's units (ON/OFF
// input pairs), restricted to one sign of outgoing weight when `dale` is not mixed.
struct Source {
    PopulationId pop;
    double sign;
    Dale dale;
};

DenseWeights dense(const Eigen::MatrixXd& w) {
    DenseWeights m{static_cast<std::uint32_t>(w.rows()), static_cast<std::uint32_t>(w.cols()), {}};
    m.w.resize(std::size_t(w.size()));
    for (Eigen::Index r = 0; r < w.rows(); ++r)
        for (Eigen::Index c = 0; c < w.cols(); ++c)
            m.w[std::size_t(r * w.cols() + c)] = w(r, c);
    return m;
}

// The weights a source population sends: its sign times W, then only the part its Dale
// type allows (W+ from an excitatory copy, -W- from an inhibitory one).
Eigen::MatrixXd weights_from(const Source& src, const Eigen::MatrixXd& w) {
    const Eigen::MatrixXd signed_w = src.sign * w;
    if (src.dale == Dale::mixed) return signed_w;
    const auto [wp, wm] = split_signs(signed_w);
    return src.dale == Dale::excitatory ? wp : Eigen::MatrixXd(-wm);
}

} // namespace

SpikingNetwork Converter::build(const Eigen::VectorXd& sample, std::uint64_t sample_id) const {
    SpikingNetwork s;
    Network& net = s.network;
    const bool ttfs = o_.mode == CodingMode::ttfs;
    const std::size_t layers = w_.size();
    const Eigen::VectorXd x = sample / scales_[0];
    const double delay = synaptic_delay();
    const double step = o_.phase + delay; // ttfs: P_l = l * step
    const SynapticNoise noise{o_.perturbation.failure, o_.perturbation.jitter_ms};
    // Rate: the inputs last `duration`; jitter's longer delays add their latency after it,
    // so that every input's effect reaches the output.
    s.duration = ttfs ? double(layers) * step + 3.0 * o_.phase
                      : o_.duration + double(layers) * (delay - o_.delay);
    s.decision_from = ttfs ? double(layers) * step : 0.0;

    // Every spiking unit integrates the membrane noise, from time 0 on.
    const MembraneNoise membrane{o_.perturbation.membrane_sigma};
    auto with_noise = [&](PopulationId pop) {
        if (membrane.active()) net.add_membrane_noise(pop, membrane);
        return pop;
    };

    // One unit population as sources: mixed, or an excitatory and an inhibitory copy.
    // With `dale` but not `copied` (excitatory_hidden's hidden layers): one excitatory population.
    auto copies = [&](const std::string& name, double sign, auto add, bool copied) {
        std::vector<Source> out;
        if (o_.dale && !copied) {
            out.push_back({add(name, Dale::excitatory), sign, Dale::excitatory});
        } else if (o_.dale) {
            out.push_back({add(name + "_exc", Dale::excitatory), sign, Dale::excitatory});
            out.push_back({add(name + "_inh", Dale::inhibitory), sign, Dale::inhibitory});
        } else {
            out.push_back({add(name, Dale::mixed), sign, Dale::mixed});
        }
        for (const auto& src : out)
            s.layer_populations.push_back(src.pop);
        return out;
    };

    std::vector<Source> previous;
    const bool current_input = !ttfs && o_.encoding == RateEncoding::current;
    if (!current_input) {
        // Signed inputs: an ON population for x+ and an OFF population for x-.
        const int parts = o_.signed_input ? 2 : 1;
        for (int part = 0; part < parts; ++part) {
            const double sign = part == 0 ? 1.0 : -1.0;
            std::vector<std::vector<double>> trains(static_cast<std::size_t>(x.size()));
            for (Eigen::Index i = 0; i < x.size(); ++i) {
                const double v = std::max(sign * x[i], 0.0);
                const std::uint64_t stream =
                    (sample_id * 2 + std::uint64_t(part)) * std::uint64_t(x.size()) +
                    std::uint64_t(i);
                auto& t = trains[std::size_t(i)];
                if (ttfs)
                    t = latency_spike(v, o_.phase);
                else if (o_.encoding == RateEncoding::regular)
                    t = regular_train(v, o_.max_rate, o_.duration);
                else
                    t = poisson_train(v, o_.max_rate, o_.duration, o_.seed, stream);
            }
            const std::string name = !o_.signed_input ? "input"
                                     : part == 0      ? "input_on"
                                                      : "input_off";
            for (const auto& src : copies(
                     name, sign,
                     [&](const std::string&pop, Dale d) {
                         return net.add(pop, std::make_unique<SpikeGeneratorGroup>(trains, pop), d);
                     },
                     true))
                previous.push_back(src);
        }
    }

    for (std::size_t l = 0; l < layers; ++l) {
        const bool output = l + 1 == layers;
        // A signed output is read from a pair of rectifying populations, z+ and z-.
        const bool pair = output && o_.signed_output;
        const auto n = static_cast<std::uint32_t>(w_[l].rows());
        Eigen::VectorXd bias = b_[l];
        if (l == 0 && current_input) bias += w_[0] * x; // the input as a constant current
        auto add_with = [&](double target_sign, bool final_layer) {
            return [&, target_sign, final_layer](const std::string& pop, Dale d) {
                std::vector<double> per_ms(static_cast<std::size_t>(n));
                for (std::uint32_t i = 0; i < n; ++i) {
                    // excitatory_hidden: the pair's parts take b+ and b-, not b and -b.
                    double b = target_sign * bias[i];
                    if (pair && o_.excitatory_hidden) b = std::max(b, 0.0);
                    per_ms[i] = ttfs ? b / o_.phase : b * o_.max_rate;
                }
                if (ttfs) {
                    const double ramp_start = double(l + 1) * step;
                    TtfsNeuron::Params p{o_.phase, ramp_start,
                                         final_layer ? std::numeric_limits<double>::infinity()
                                                     : ramp_start + o_.phase,
                                         0.0};
                    return with_noise(
                        net.add_neurons<TtfsNeuron>(pop, n, p, d, std::nullopt, per_ms));
                }
                IfSubtract::Params p;
                if (output && o_.readout == Readout::membrane)
                    p.v_th = std::numeric_limits<double>::infinity();
                return with_noise(net.add_neurons<IfSubtract>(pop, n, p, d, std::nullopt, per_ms));
            };
        };
        struct Target {
            PopulationId pop;
            double sign;
        };
        std::vector<Target> targets;
        std::vector<Source> current;
        if (pair) {
            for (double sign : {1.0, -1.0}) {
                const std::string name = sign > 0 ? "output_pos" : "output_neg";
                const auto pop =
                    add_with(sign, false)(name, sign > 0 ? Dale::excitatory : Dale::inhibitory);
                s.layer_populations.push_back(pop);
                s.outputs.push_back(pop);
                targets.push_back({pop, sign});
            }
        } else if (output) {
            const auto pop = add_with(1.0, true)("output", Dale::mixed);
            s.layer_populations.push_back(pop);
            s.outputs.push_back(pop);
            targets.push_back({pop, 1.0});
        } else {
            current = copies("hidden" + std::to_string(l + 1), 1.0, add_with(1.0, false),
                             !o_.excitatory_hidden);
            s.hidden.push_back(current.front().pop);
            for (const auto& src : current)
                targets.push_back({src.pop, 1.0});
        }
        for (const auto& target : targets)
            for (const auto& src : previous) {
                const std::uint32_t j =
                    net.connect(src.pop, target.pop, dense(weights_from(src, target.sign * w_[l])),
                                {0.0, delay});
                if (noise.active()) net.set_synaptic_noise(j, noise);
            }
        previous = current;
    }
    s.output = s.outputs.front();
    return s;
}

} // namespace spikesim
