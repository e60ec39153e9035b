#include "experiments/dale_native.hpp"

#include "sim/errors.hpp"

#include <chrono>
#include <cmath>

namespace spikesim {

void DaleNativeOptions::validate() const {
    if (inhibitory_fractions.empty())
        throw InputError("coding", "inhibitory_fractions", "at least one fraction", "none");
    for (double f : inhibitory_fractions)
        if (!(f > 0 && f < 1))
            throw InputError("coding", "inhibitory_fractions", "fractions in (0, 1)",
                             format_number(f));
}

namespace {

// ON/OFF inputs: x and 1 - x side by side.
LabelledData on_off(const LabelledData& d) {
    LabelledData out = d;
    out.x.resize(d.x.rows(), 2 * d.x.cols());
    out.x << d.x, (1.0 - d.x.array()).matrix();
    return out;
}

// Every input excitatory; the last `fraction` of each hidden layer's units inhibitory.
SignConstraint dale_signs(const DenseNetwork& net, double fraction) {
    SignConstraint c;
    for (std::size_t k = 0; k < net.layers().size(); ++k) {
        const Eigen::Index n = net.layers()[k].w.cols();
        Eigen::VectorXd s = Eigen::VectorXd::Ones(n);
        if (k > 0) {
            const auto inhibitory = static_cast<Eigen::Index>(std::lround(fraction * double(n)));
            s.tail(std::max<Eigen::Index>(inhibitory, 1)).setConstant(-1.0);
        }
        c.sign.push_back(s);
    }
    return c;
}

// Signed initial weights: |w| with the unit's sign, inhibitory columns scaled by
// n_exc / n_inh so that excitation and inhibition start balanced.
void signed_initialisation(DenseNetwork& net, const SignConstraint& c) {
    for (std::size_t k = 0; k < net.layers().size(); ++k) {
        Eigen::MatrixXd& w = net.layers()[k].w;
        const double inhibitory = double((c.sign[k].array() < 0).count());
        const double excitatory = double(c.sign[k].size()) - inhibitory;
        for (Eigen::Index i = 0; i < w.cols(); ++i) {
            const double scale = c.sign[k][i] < 0 ? excitatory / inhibitory : 1.0;
            w.col(i) = c.sign[k][i] * scale * w.col(i).cwiseAbs();
        }
    }
}

// The spiking modes of `ann` (rate over the conversion's duration, and ttfs).
void run_spiking(DaleRow& row, const DenseNetwork& ann, const LabelledData& train,
                 const LabelledData& test, const CodingOptions& o, bool split) {
    row.scales =
        activation_scales(ann, train.x, o.conversion.normalisation, o.conversion.percentile);
    row.network = ann;
    const auto& scales = row.scales;
    const auto predictions = ann.predict(test.x);
    for (CodingMode m : {CodingMode::rate, CodingMode::ttfs}) {
        CodingRun run{o.conversion, {}, 0, o.ranks};
        run.conversion.mode = m;
        run.conversion.dale = split;
        const ModeResult r = evaluate_spiking(ann, scales, test, run, predictions);
        (m == CodingMode::rate ? row.rate : row.ttfs) = r.accuracy;
        (m == CodingMode::rate ? row.rate_synops : row.ttfs_synops) = r.synops_per_sample;
        row.synapses = r.synapses;
    }
}

} // namespace

DaleNativeResult run_dale_native(const CodingOptions& coding, const DaleNativeOptions& o,
                                 const std::function<void(const DaleRow&, double)>& on_row) {
    o.validate();
    CodingOptions plain = coding;
    plain.weights.reset();
    const CodingSetup setup = prepare_coding(plain);
    DaleNativeResult result;
    auto timed = [&](auto make) {
        const auto start = std::chrono::steady_clock::now();
        result.rows.push_back(make());
        if (on_row)
            on_row(result.rows.back(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
    timed([&] {
        DaleRow row;
        row.name = "split";
        row.inhibitory_fraction = std::nan("");
        row.ann = setup.ann.accuracy(setup.test);
        run_spiking(row, setup.ann, setup.train, setup.test, coding, true);
        return row;
    });
    const LabelledData train_set = o.on_off_inputs ? on_off(setup.train) : setup.train;
    const LabelledData test_set = o.on_off_inputs ? on_off(setup.test) : setup.test;
    std::vector<int> widths{int(train_set.x.cols())};
    widths.insert(widths.end(), coding.hidden.begin(), coding.hidden.end());
    widths.push_back(setup.train.classes);
    double best = INFINITY;
    for (double fraction : o.inhibitory_fractions)
        timed([&] {
            DenseNetwork ann(widths, Activation::relu, coding.train.seed);
            TrainOptions t = coding.train;
            t.signs = dale_signs(ann, fraction);
            signed_initialisation(ann, *t.signs);
            const std::vector<double> losses = train(ann, train_set, t);
            DaleRow row;
            row.name = "native";
            row.inhibitory_fraction = fraction;
            row.train_loss = losses.back();
            row.ann = ann.accuracy(test_set);
            row.violations = t.signs->violations(ann);
            run_spiking(row, ann, train_set, test_set, coding, false);
            if (row.train_loss < best) {
                best = row.train_loss;
                result.preferred = result.rows.size();
            }
            return row;
        });
    return result;
}

} // namespace spikesim
