// spikesim.convert: a user's trained feed-forward network, given as NumPy layers
// (W out x in, b, activation), run as rate neurons (ann) or converted to rate-coded or
// time-to-first-spike spiking networks (models/conversion.hpp) that run a batch of inputs.
#include "arrays.hpp"
#include "bindings.hpp"
#include "keywords.hpp"

#include "experiments/coding.hpp"
#include "models/conversion.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <tbb/global_control.h>

#include <cmath>
#include <optional>

namespace spikesim::python {
namespace {

const char* const source = "convert";

struct ConverterHandle {
    DenseNetwork ann;
    CodingMode mode = CodingMode::ann;
    ConversionOptions options;
    std::vector<double> scales;
    std::optional<Converter> converter; // the spiking modes
};

// A float array of `dims` dimensions with only finite values, as a double matrix.
Eigen::MatrixXd finite_matrix(py::handle v, int dims, const std::string& key,
                              const std::string& expected) {
    const py::array a = as_numpy(v);
    const char kind = a.dtype().kind();
    if (a.ndim() != dims || (kind != 'f' && kind != 'i' && kind != 'u'))
        throw InputError(source, key, expected, describe_array(a));
    const auto x = py::array_t<double, py::array::c_style | py::array::forcecast>(a);
    const Eigen::Index rows = x.shape(0), cols = dims == 2 ? x.shape(1) : 1;
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (Eigen::Index c = 0; c < cols; ++c) {
            const double value = x.data()[r * cols + c];
            if (!std::isfinite(value))
                throw InputError(source, key, "finite numbers",
                                 format_number(value) + " at index " + std::to_string(r) +
                                     (dims == 2 ? ", " + std::to_string(c) : ""));
            m(r, c) = value;
        }
    return m;
}

Activation activation_of(py::handle f, const std::string& key) {
    if (f.is_none()) return Activation::identity;
    const std::string name = py::str(f).cast<std::string>();
    if (name == "linear") return Activation::identity;
    return activation_from_string(name, source + std::string(": ") + key);
}

DenseNetwork network_of(py::handle layers, CodingMode mode) {
    DenseNetwork ann;
    if (!py::isinstance<py::sequence>(layers) || py::len(layers) == 0)
        throw InputError(source, "layers", "a non-empty list of (W, b, activation) tuples",
                         py::repr(layers).cast<std::string>());
    std::size_t k = 0;
    for (py::handle layer : layers) {
        const std::string key = "layers[" + std::to_string(k) + "]";
        if (!py::isinstance<py::sequence>(layer) || py::len(layer) != 3)
            throw InputError(source, key, "a tuple (W, b, activation)",
                             py::repr(layer).cast<std::string>());
        const auto item = layer.cast<py::sequence>();
        const Eigen::Index inputs = k == 0 ? -1 : ann.layers().back().w.rows();
        DenseLayer l;
        l.w = finite_matrix(item[0], 2, key + "[0] (W)",
                            "a 2-D array of numbers, outputs x inputs" +
                                (k ? " with " + std::to_string(inputs) + " inputs (layer " +
                                         std::to_string(k - 1) + "'s outputs)"
                                   : std::string()));
        if (k > 0 && l.w.cols() != inputs)
            throw InputError(source, key + "[0] (W)",
                             std::to_string(inputs) + " columns (layer " + std::to_string(k - 1) +
                                 "'s outputs)",
                             std::to_string(l.w.cols()) + " columns");
        l.b = finite_matrix(item[1], 1, key + "[1] (b)",
                            "a 1-D array of " + std::to_string(l.w.rows()) + " biases")
                  .col(0);
        if (l.b.size() != l.w.rows())
            throw InputError(source, key + "[1] (b)",
                             std::to_string(l.w.rows()) + " biases (W's rows)",
                             std::to_string(l.b.size()));
        l.f = activation_of(item[2], key + "[2] (activation)");
        ann.layers().push_back(std::move(l));
        ++k;
    }
    const auto& ls = ann.layers();
    for (std::size_t i = 0; mode != CodingMode::ann && i < ls.size(); ++i) {
        const bool last = i + 1 == ls.size();
        if (ls[i].f == Activation::relu || (last && ls[i].f == Activation::identity)) continue;
        throw InputError(source, "layers[" + std::to_string(i) + "][2] (activation)",
                         last ? "relu or linear for the output layer"
                              : "relu (spiking neurons compute ReLU networks; mode='ann' runs "
                                "any activation)",
                         to_string(ls[i].f));
    }
    return ann;
}

template <class E>
E choice(py::handle v, const std::string& where, const std::string& key,
         std::initializer_list<std::pair<const char*, E>> names) {
    const std::string got = py::str(v).cast<std::string>();
    std::string all;
    for (const auto& [name, value] : names) {
        if (got == name) return value;
        all += (all.empty() ? "" : ", ") + std::string(name);
    }
    throw InputError(where, key, "one of " + all, "\"" + got + "\"");
}

// The inputs of run() and the calibration: samples x inputs, each value in [0, 1].
Eigen::MatrixXd inputs_of(py::handle x, Eigen::Index width, const std::string& key) {
    Eigen::MatrixXd m =
        finite_matrix(x, 2, key, "a 2-D array, samples x " + std::to_string(width) + " inputs");
    if (m.cols() != width)
        throw InputError(source, key, std::to_string(width) + " columns (the first layer's inputs)",
                         std::to_string(m.cols()) + " columns");
    if (m.size() > 0 && (m.minCoeff() < 0 || m.maxCoeff() > 1))
        throw InputError(
            source, key,
            "values in [0, 1] (rates and first-spike times encode them; scale the data)",
            "values from " + format_number(m.minCoeff()) + " to " + format_number(m.maxCoeff()));
    return m;
}

std::shared_ptr<ConverterHandle> make_converter(py::handle layers, const std::string& mode,
                                                bool dale, py::handle calibration, py::dict kw) {
    auto h = std::make_shared<ConverterHandle>();
    h->mode = choice<CodingMode>(
        py::str(mode), source, "mode",
        {{"ann", CodingMode::ann}, {"rate", CodingMode::rate}, {"ttfs", CodingMode::ttfs}});
    h->ann = network_of(layers, h->mode);
    Keywords keywords(kw, source);
    read_conversion_options(keywords, h->options);
    keywords.finish();
    h->options.validate(source);
    h->options.mode = h->mode;
    h->options.dale = dale;
    if (h->mode == CodingMode::ann) return h;
    if (calibration.is_none())
        throw InputError(source, "calibration",
                         "inputs that set each layer's activation scale (the training set, say)",
                         "None");
    const Eigen::MatrixXd x =
        inputs_of(calibration, h->ann.layers().front().w.cols(), "calibration");
    if (x.rows() == 0) throw InputError(source, "calibration", "at least one sample", "none");
    h->scales = activation_scales(h->ann, x, h->options.normalisation, h->options.percentile);
    h->converter.emplace(h->ann, h->scales, h->options);
    return h;
}

py::dict run(const ConverterHandle& h, py::handle x_in, py::object threads) {
    const Eigen::MatrixXd x = inputs_of(x_in, h.ann.layers().front().w.cols(), "x");
    const int n_threads = checked_threads(threads, "SpikingNetwork.run");
    const auto n = py::ssize_t(x.rows());
    const auto classes = py::ssize_t(h.ann.layers().back().w.rows());
    py::array_t<std::int64_t> prediction(n);
    py::array_t<double> outputs({n, classes}), first(n);
    py::array_t<std::uint64_t> spikes(n), synops(n);
    if (h.mode == CodingMode::ann) {
        const Eigen::MatrixXd z = h.options.dale ? logits_dale_split(h.ann, x) : h.ann.logits(x);
        for (py::ssize_t i = 0; i < n; ++i) {
            Eigen::Index best = 0;
            z.row(i).maxCoeff(&best);
            prediction.mutable_at(i) = best;
            for (py::ssize_t c = 0; c < classes; ++c)
                outputs.mutable_at(i, c) = z(i, c);
            first.mutable_at(i) = std::nan("");
            spikes.mutable_at(i) = 0;
            synops.mutable_at(i) = h.ann.macs();
        }
    } else {
        std::vector<SampleResult> r;
        {
            py::gil_scoped_release release;
            std::optional<tbb::global_control> limit;
            if (n_threads > 0)
                limit.emplace(tbb::global_control::max_allowed_parallelism, std::size_t(n_threads));
            r = run_samples(*h.converter, x);
        }
        for (py::ssize_t i = 0; i < n; ++i) {
            const SampleResult& s = r[std::size_t(i)];
            prediction.mutable_at(i) = s.prediction;
            for (py::ssize_t c = 0; c < classes; ++c)
                outputs.mutable_at(i, c) = s.outputs[std::size_t(c)];
            first.mutable_at(i) = s.first_spike;
            spikes.mutable_at(i) = s.spikes;
            synops.mutable_at(i) = s.synops;
        }
    }
    py::dict d;
    d["predictions"] = prediction;
    d["outputs"] = outputs;
    d["first_spike_ms"] = first;
    d["spikes"] = spikes;
    d["synops"] = synops;
    return d;
}

} // namespace

void read_conversion_options(Keywords& kw, ConversionOptions& o) {
    const std::string& where = kw.source();
    if (auto v = kw.take("normalisation"); !v.is_none())
        o.normalisation = choice<Normalisation>(
            v, where, "normalisation",
            {{"max", Normalisation::max}, {"percentile", Normalisation::percentile}});
    if (auto v = kw.take("encoding"); !v.is_none())
        o.encoding = choice<RateEncoding>(v, where, "encoding",
                                          {{"poisson", RateEncoding::poisson},
                                           {"regular", RateEncoding::regular},
                                           {"current", RateEncoding::current}});
    if (auto v = kw.take("readout"); !v.is_none())
        o.readout = choice<Readout>(v, where, "readout",
                                    {{"spikes", Readout::spikes}, {"membrane", Readout::membrane}});
    kw.number("percentile", o.percentile);
    kw.number("max_rate", o.max_rate);
    kw.number("duration", o.duration);
    kw.number("phase", o.phase);
    kw.number("delay", o.delay);
    kw.whole("seed", o.seed);
    // A noisy or low-precision substrate (models/perturbation.hpp).
    kw.number("jitter_ms", o.perturbation.jitter_ms);
    kw.number("failure", o.perturbation.failure);
    kw.whole("weight_bits", o.perturbation.weight_bits, 0, 16);
    kw.number("membrane_sigma", o.perturbation.membrane_sigma);
}

void bind_conversion(py::module_& m) {
    py::class_<ConverterHandle, std::shared_ptr<ConverterHandle>>(m, "_Converter")
        .def_property_readonly("mode", [](const ConverterHandle& h) { return to_string(h.mode); })
        .def_property_readonly("dale", [](const ConverterHandle& h) { return h.options.dale; })
        .def_property_readonly("scales", [](const ConverterHandle& h) { return h.scales; })
        .def_property_readonly("macs", [](const ConverterHandle& h) { return h.ann.macs(); })
        .def("run", &run, py::arg("x"), py::arg("threads") = py::none());
    m.def("_make_converter", &make_converter, py::arg("layers"), py::arg("mode"), py::arg("dale"),
          py::arg("calibration"), py::arg("options"));
}

} // namespace spikesim::python
