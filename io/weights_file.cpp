#include "io/weights_file.hpp"

#include "io/hdf5_handle.hpp"
#include "sim/errors.hpp"

#include <stdexcept>

namespace spikesim {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

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
        throw InputError(path, "/ann", "an HDF5 file of trained weights written by spikesim",
                         e.what());
    }
    return net;
}

} // namespace spikesim
