#include "io/weights_file.hpp"

#include "io/hdf5_handle.hpp"
#include "io/npz_file.hpp"
#include "sim/errors.hpp"

#include <stdexcept>

namespace spikesim {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Every weight and bias finite: a NaN would silently become a network that never decides.
void require_finite(const DenseNetwork& net, const std::string& path, bool npz) {
    for (std::size_t k = 0; k < net.layers().size(); ++k) {
        const auto& l = net.layers()[k];
        const std::string layer = npz ? std::to_string(k) : "/ann/layer_" + std::to_string(k) + "/";
        if (!l.w.allFinite())
            throw InputError(path, npz ? "W" + layer : layer + "weights", "finite numbers",
                             "nan or inf");
        if (!l.b.allFinite())
            throw InputError(path, npz ? "b" + layer : layer + "bias", "finite numbers",
                             "nan or inf");
    }
}

// W0, b0, W1, b1, ...: ReLU after every layer but the last, which is linear.
DenseNetwork load_weights_npz(const std::string& path) {
    auto arrays = read_npz(path);
    const char* layout = "arrays W0, b0, W1, b1, ... (weights outputs x inputs, biases)";
    DenseNetwork net;
    for (std::size_t k = 0;; ++k) {
        const std::string w = "W" + std::to_string(k), b = "b" + std::to_string(k);
        const auto wi = arrays.find(w);
        if (wi == arrays.end()) break;
        const auto bi = arrays.find(b);
        if (bi == arrays.end()) throw InputError(path, b, "the biases of " + w, "nothing");
        const NpyArray &wa = wi->second, &ba = bi->second;
        if (wa.shape.size() != 2 || wa.shape[0] == 0 || wa.shape[1] == 0)
            throw InputError(path, w, "a 2-D array, outputs x inputs",
                             "an array of " + std::to_string(wa.shape.size()) + " dimensions");
        if (ba.shape.size() != 1 || ba.shape[0] != wa.shape[0])
            throw InputError(path, b, "a 1-D array of " + std::to_string(wa.shape[0]) + " biases",
                             "an array of " + std::to_string(ba.values.size()) + " values");
        DenseLayer layer;
        layer.w = Eigen::Map<const RowMajor>(wa.values.data(), Eigen::Index(wa.shape[0]),
                                             Eigen::Index(wa.shape[1]));
        layer.b =
            Eigen::Map<const Eigen::VectorXd>(ba.values.data(), Eigen::Index(ba.values.size()));
        net.layers().push_back(std::move(layer));
        arrays.erase(wi);
        arrays.erase(b);
    }
    if (net.layers().empty()) throw InputError(path, "W0", layout, "no array W0");
    if (!arrays.empty()) throw InputError(path, arrays.begin()->first, layout, "another array");
    for (auto& l : net.layers())
        l.f = &l == &net.layers().back() ? Activation::identity : Activation::relu;
    require_finite(net, path, true);
    return net;
}

} // namespace

void save_weights(const DenseNetwork& net, const std::string& path) {
    auto file = hdf5::create_file(path);
    auto root = hdf5::create_group(file.get(), "/ann");
    const auto& layers = net.layers();
    hdf5::write_attribute(root.get(), "layers", static_cast<std::int64_t>(layers.size()));
    for (std::size_t k = 0; k < layers.size(); ++k) {
        auto g = hdf5::create_group(root.get(), "layer_" + std::to_string(k));
        const RowMajor w = layers[k].w;
        hdf5::write_matrix(g.get(), "weights", std::size_t(w.rows()), std::size_t(w.cols()),
                           w.data());
        hdf5::write_vector(
            g.get(), "bias",
            std::span<const double>(layers[k].b.data(), std::size_t(layers[k].b.size())));
        hdf5::write_attribute(g.get(), "activation", std::string(to_string(layers[k].f)));
    }
}

DenseNetwork load_weights(const std::string& path) {
    if (looks_like_npz(path)) return load_weights_npz(path);
    DenseNetwork net;
    try {
        auto file = hdf5::open_file_read(path);
        auto root = hdf5::open_group(file.get(), "/ann");
        const auto count = hdf5::read_int_attribute(root.get(), "layers");
        for (std::int64_t k = 0; k < count; ++k) {
            auto g = hdf5::open_group(root.get(), "layer_" + std::to_string(k));
            const auto dims = hdf5::shape(g.get(), "weights");
            const auto w = hdf5::read_doubles(g.get(), "weights");
            const auto b = hdf5::read_doubles(g.get(), "bias");
            if (dims.size() != 2 || b.size() != dims[0])
                throw std::runtime_error("inconsistent shapes");
            DenseLayer layer;
            layer.w =
                Eigen::Map<const RowMajor>(w.data(), Eigen::Index(dims[0]), Eigen::Index(dims[1]));
            layer.b = Eigen::Map<const Eigen::VectorXd>(b.data(), Eigen::Index(b.size()));
            layer.f =
                activation_from_string(hdf5::read_string_attribute(g.get(), "activation"), path);
            net.layers().push_back(std::move(layer));
        }
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(path, "/ann",
                         "an HDF5 file of trained weights written by spikesim, or an .npz of "
                         "arrays W0, b0, W1, b1, ...",
                         e.what());
    }
    require_finite(net, path, false);
    return net;
}

} // namespace spikesim
