// `run_coding`: the coding experiment from its options to its results.
#include "experiments/coding.hpp"
#include "io/digits_file.hpp"
#include "io/npz_file.hpp"
#include "io/weights_file.hpp"
#include "sim/errors.hpp"

#include <chrono>

namespace spikesim {
namespace {

constexpr int digit_pixels = 64, digit_classes = 10;

std::vector<double> evaluation_times(double end) {
    std::vector<double> t;
    for (double x : {1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0, 50.0, 75.0, 100.0, 150.0,
                     200.0, 300.0, 500.0})
        if (x < end) t.push_back(x);
    t.push_back(end);
    return t;
}

// A network from a weights file must fit the digits and the conversion: 64 inputs, 10
// outputs, layers that chain, ReLU hidden layers (what the spiking modes compute).
void check_loaded(const DenseNetwork& ann, const CodingOptions& o) {
    const std::string file = *o.weights;
    const bool npz = looks_like_npz(file);
    // How the file names layer k's weights.
    auto weights = [&](std::size_t k) {
        return npz ? "W" + std::to_string(k) : "/ann/layer_" + std::to_string(k) + "/weights";
    };
    const auto& layers = ann.layers();
    if (layers.empty()) throw InputError(file, "/ann", "at least one layer", "none");
    if (layers.front().w.cols() != digit_pixels)
        throw InputError(file, weights(0), "a first layer of 64 inputs (the 8x8 digits' pixels)",
                         std::to_string(layers.front().w.cols()) + " inputs");
    for (std::size_t k = 1; k < layers.size(); ++k)
        if (layers[k].w.cols() != layers[k - 1].w.rows())
            throw InputError(file, weights(k),
                             "as many inputs as layer " + std::to_string(k - 1) + " has outputs (" +
                                 std::to_string(layers[k - 1].w.rows()) + ")",
                             std::to_string(layers[k].w.cols()));
    if (layers.back().w.rows() != digit_classes)
        throw InputError(file, weights(layers.size() - 1),
                         "a last layer of 10 outputs (the digit classes)",
                         std::to_string(layers.back().w.rows()) + " outputs");
    for (std::size_t k = 0; k + 1 < layers.size(); ++k)
        if (layers[k].f != Activation::relu && o.mode != "ann")
            throw InputError(file, "/ann/layer_" + std::to_string(k) + " activation",
                             "relu (the spiking modes compute ReLU networks; --mode ann runs "
                             "any activation)",
                             to_string(layers[k].f));
}

DenseNetwork trained_network(const CodingOptions& o, const LabelledData& train_set) {
    std::vector<int> widths{digit_pixels};
    widths.insert(widths.end(), o.hidden.begin(), o.hidden.end());
    widths.push_back(digit_classes);
    DenseNetwork ann(widths, Activation::relu, o.train.seed);
    train(ann, train_set, o.train);
    return ann;
}

} // namespace

void CodingOptions::validate() const {
    auto bad = [](const char* field, const std::string& expected, const std::string& got) {
        return InputError("coding", field, expected, got);
    };
    if (mode != "ann" && mode != "rate" && mode != "ttfs" && mode != "all")
        throw bad("mode", "one of ann, rate, ttfs, all", "\"" + mode + "\"");
    if (dale != "on" && dale != "off" && dale != "both" && dale != "native")
        throw bad("dale", "one of on, off, both, native", "\"" + dale + "\"");
    conversion.validate("coding");
    if (samples < 0)
        throw bad("samples", "an integer >= 0 (0: the whole test set)", std::to_string(samples));
    if (hidden.empty()) throw bad("hidden", "at least one hidden width", "none");
    for (int h : hidden)
        if (h < 1 || h > 100000) throw bad("hidden", "widths from 1 to 100000", std::to_string(h));
    if (train.epochs < 1 || train.epochs > 100000)
        throw bad("epochs", "an integer from 1 to 100000", std::to_string(train.epochs));
}

CodingSetup prepare_coding(const CodingOptions& o) {
    o.validate();
    CodingSetup s;
    const auto start = std::chrono::steady_clock::now();
    auto split = stratified_split(load_digits(default_digits_path()), 0.2, o.split_seed);
    s.loaded = o.weights.has_value();
    if (s.loaded) {
        s.ann = load_weights(*o.weights);
        check_loaded(s.ann, o);
    } else {
        s.ann = trained_network(o, split.train);
    }
    s.train_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    s.train = std::move(split.train);
    s.test = std::move(split.test);
    if (o.samples > 0 && std::size_t(o.samples) < s.test.size()) {
        s.test.x = s.test.x.topRows(o.samples).eval();
        s.test.y.resize(std::size_t(o.samples));
    }
    s.scales =
        activation_scales(s.ann, s.train.x, o.conversion.normalisation, o.conversion.percentile);
    s.ann_predictions = s.ann.predict(s.test.x);
    return s;
}

CodingResult run_coding(const CodingSetup& s, const CodingOptions& o,
                        const std::function<void(const ModeResult&, double)>& on_mode) {
    if (o.dale == "native")
        throw InputError("coding", "dale",
                         "on, off or both for the modes (native is the comparison of "
                         "experiments/dale_native.hpp)",
                         "\"native\"");
    CodingResult r{s.ann, s.loaded, s.train_seconds, s.train.size(), s.test.size(), {}};
    const bool mixed = o.dale != "on", dale = o.dale != "off";
    r.modes.push_back(evaluate_ann(s.ann, s.test, false));
    if (dale) r.modes.push_back(evaluate_ann(s.ann, s.test, true));
    for (CodingMode m : {CodingMode::rate, CodingMode::ttfs}) {
        if (o.mode != "all" && o.mode != to_string(m)) continue;
        for (bool d : {false, true}) {
            if ((d && !dale) || (!d && !mixed)) continue;
            CodingRun run{o.conversion, {}};
            run.ranks = o.ranks;
            run.conversion.mode = m;
            run.conversion.dale = d;
            run.times = evaluation_times(m == CodingMode::rate ? o.conversion.duration
                                                               : 3 * o.conversion.phase);
            const auto t0 = std::chrono::steady_clock::now();
            r.modes.push_back(evaluate_spiking(s.ann, s.scales, s.test, run, s.ann_predictions));
            if (on_mode)
                on_mode(
                    r.modes.back(),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
    }
    return r;
}

} // namespace spikesim
