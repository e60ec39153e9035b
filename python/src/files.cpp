// Reading spike files: spikesim's own SONATA files, BMTK's, any with /spikes/<population>.
#include "arrays.hpp"
#include "bindings.hpp"

#include "io/digits_file.hpp"
#include "io/spike_file.hpp"

#include <pybind11/eigen.h>

namespace spikesim::python {

void bind_files(py::module_& m) {
    m.def(
        "_read_spike_file",
        [](const std::string& path) {
            SpikeFile f = read_spike_file(path);
            py::list populations;
            for (auto& p : f.populations)
                populations.append(py::make_tuple(p.name, move_to_numpy(std::move(p.times)),
                                                  move_to_numpy(std::move(p.node_ids)), p.nodes,
                                                  p.duration_ms));
            return py::make_tuple(populations, f.duration_ms);
        },
        py::arg("path"),
        "([(name, times, node_ids, n_nodes, duration_ms), ...], duration_ms) of a spike file; "
        "spikesim.read_spikes wraps it.");
    m.def(
        "digits",
        [](std::uint64_t split_seed) {
            const Split s = stratified_split(load_digits(default_digits_path()), 0.2, split_seed);
            auto labels = [](const std::vector<int>& y) {
                py::array_t<std::int64_t> a(py::ssize_t(y.size()));
                std::copy(y.begin(), y.end(), a.mutable_data());
                return a;
            };
            return py::make_tuple(s.train.x, labels(s.train.y), s.test.x, labels(s.test.y));
        },
        py::arg("split_seed") = 1,
        R"(The 8x8 handwritten digits (1,797 images, pixels scaled to [0, 1]) split as the coding
experiment splits them (80 % train, 20 % test, stratified, seeded):
    x_train, y_train, x_test, y_test = spikesim.digits())");
}

} // namespace spikesim::python
