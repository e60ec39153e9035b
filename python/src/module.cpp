#include "bindings.hpp"

#include "sim/version.hpp"

PYBIND11_MODULE(_spikesim, m) {
    using namespace spikesim::python;
    m.doc() = "spikesim's C++ engine; use the package spikesim, which wraps it.";
    m.attr("__version__") = spikesim::version;
    bind_errors(m);
    bind_network(m);
    bind_simulation(m);
    bind_files(m);
    bind_conversion(m);
    bind_experiments(m);
    bind_brunel(m);
}
