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

std::vector<double> activation_scales(const DenseNetwork& ann, const Eigen::MatrixXd& x,
                                      Normalisation n, double percentile) {
    const auto a = ann.forward_all(x);
    std::vector<double> scales;
    for (std::size_t l = 0; l < a.size(); ++l) {
        std::vector<double> values;
        for (Eigen::Index i = 0; i < a[l].size(); ++i)
            if (a[l].data()[i] > 0) values.push_back(a[l].data()[i]);
        double s = 1.0;
        if (!values.empty()) {
            if (n == Normalisation::max) {
                s = *std::max_element(values.begin(), values.end());
            } else {
                const auto k = static_cast<std::size_t>(
                                   std::ceil(percentile / 100.0 * double(values.size()))) -
                               1;
                std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
                s = values[k];
            }
        }
        scales.push_back(s);
    }
    return scales;
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
    if (scales_.size() != ann.layers().size() + 1)
        throw InputError("conversion", "scales", "one scale per layer plus the input",
                         std::to_string(scales_.size()));
    for (std::size_t l = 0; l < ann.layers().size(); ++l) {
        const auto& layer = ann.layers()[l];
        if (l + 1 < ann.layers().size() && layer.f != Activation::relu)
            throw InputError("conversion", "activation",
                             "ReLU hidden layers (spiking neurons rectify)", to_string(layer.f));
        w_.push_back(layer.w * (scales_[l] / scales_[l + 1]));
        b_.push_back(layer.b / scales_[l + 1]);
    }
}

SpikingNetwork Converter::build(const Eigen::VectorXd& sample, std::uint64_t sample_id) const {
    SpikingNetwork s;
    Network& net = s.network;
    const bool ttfs = o_.mode == CodingMode::ttfs;
    const std::size_t layers = w_.size();
    const Eigen::VectorXd x = sample / scales_[0];
    const double step = o_.phase + o_.delay; // ttfs: P_l = l * step
    s.duration = ttfs ? double(layers) * step + 3.0 * o_.phase : o_.duration;
    s.decision_from = ttfs ? double(layers) * step : 0.0;

    // The populations of one layer: one mixed, or an excitatory and an inhibitory copy.
    struct Layer {
        std::vector<PopulationId> pops; // [mixed] or [exc, inh]
    };
    auto copies = [&](const std::string& name, auto add) {
        Layer layer;
        if (o_.dale) {
            layer.pops.push_back(add(name + "_exc", Dale::excitatory));
            layer.pops.push_back(add(name + "_inh", Dale::inhibitory));
        } else {
            layer.pops.push_back(add(name, Dale::mixed));
        }
        for (auto p : layer.pops)
            s.layer_populations.push_back(p);
        return layer;
    };

    Layer previous;
    const bool current_input = !ttfs && o_.encoding == RateEncoding::current;
    if (!current_input) {
        std::vector<std::vector<double>> trains(static_cast<std::size_t>(x.size()));
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            auto& t = trains[std::size_t(i)];
            if (ttfs)
                t = latency_spike(x[i], o_.phase);
            else if (o_.encoding == RateEncoding::regular)
                t = regular_train(x[i], o_.max_rate, o_.duration);
            else
                t = poisson_train(x[i], o_.max_rate, o_.duration, o_.seed,
                                  sample_id * std::uint64_t(x.size()) + std::uint64_t(i));
        }
        previous = copies("input", [&](const std::string& name, Dale d) {
            return net.add(name, std::make_unique<SpikeGeneratorGroup>(trains, name), d);
        });
    }

    for (std::size_t l = 0; l < layers; ++l) {
        const bool output = l + 1 == layers;
        const auto n = static_cast<std::uint32_t>(w_[l].rows());
        Eigen::VectorXd bias = b_[l];
        if (l == 0 && current_input) bias += w_[0] * x; // the input as a constant current
        std::vector<double> per_ms(static_cast<std::size_t>(n));
        for (std::uint32_t i = 0; i < n; ++i)
            per_ms[i] = ttfs ? bias[i] / o_.phase : bias[i] * o_.max_rate;
        const std::string name = output ? "output" : "hidden" + std::to_string(l + 1);
        auto add = [&](const std::string& pop, Dale d) {
            if (ttfs) {
                const double ramp_start = double(l + 1) * step;
                TtfsNeuron::Params p{
                    o_.phase, ramp_start,
                    output ? std::numeric_limits<double>::infinity() : ramp_start + o_.phase, 0.0};
                return net.add_neurons<TtfsNeuron>(pop, n, p, d, std::nullopt, per_ms);
            }
            IfSubtract::Params p;
            if (output && o_.readout == Readout::membrane)
                p.v_th = std::numeric_limits<double>::infinity();
            return net.add_neurons<IfSubtract>(pop, n, p, d, std::nullopt, per_ms);
        };
        const Layer current = output ? [&] {
            Layer o;
            o.pops.push_back(add(name, Dale::mixed));
            s.layer_populations.push_back(o.pops[0]);
            return o;
        }()
                                     : copies(name, add);
        if (!previous.pops.empty()) {
            auto dense = [&](const Eigen::MatrixXd& w) {
                DenseWeights m{
                    static_cast<std::uint32_t>(w.rows()), static_cast<std::uint32_t>(w.cols()), {}};
                m.w.resize(std::size_t(w.size()));
                for (Eigen::Index r = 0; r < w.rows(); ++r)
                    for (Eigen::Index c = 0; c < w.cols(); ++c)
                        m.w[std::size_t(r * w.cols() + c)] = w(r, c);
                return m;
            };
            for (auto target : current.pops) {
                if (o_.dale) {
                    const auto [wp, wm] = split_signs(w_[l]);
                    net.connect(previous.pops[0], target, dense(wp), {0.0, o_.delay});
                    net.connect(previous.pops[1], target, dense(-wm), {0.0, o_.delay});
                } else {
                    net.connect(previous.pops[0], target, dense(w_[l]), {0.0, o_.delay});
                }
            }
        }
        previous = current;
        if (output) s.output = current.pops[0];
    }
    return s;
}

} // namespace spikesim
