#include "bindings.hpp"

#include "sim/process_group.hpp"
#include "sim/version.hpp"

namespace spikesim::python {
namespace {

// MPI is one per process: so is the group, made at the first use and ended (MPI_Finalize)
// by an atexit hook while the interpreter still runs.
std::unique_ptr<ProcessGroup>& process_group() {
    static std::unique_ptr<ProcessGroup> group;
    return group;
}

} // namespace

Communicator& processes() {
    auto& group = process_group();
    if (!group) {
        group = std::make_unique<ProcessGroup>(nullptr, nullptr);
        py::module_::import("atexit").attr("register")(
            py::cpp_function([] { process_group().reset(); }));
    }
    return group->communicator();
}

} // namespace spikesim::python

PYBIND11_MODULE(_spikesim, m) {
    using namespace spikesim::python;
    m.doc() = "spikesim's C++ engine; use the package spikesim, which wraps it.";
    m.attr("__version__") = spikesim::version;
    m.def(
        "rank", [] { return processes().rank(); },
        R"(This process's rank among those mpirun started (0 without mpirun).

Under mpirun each process builds the same Network and runs it; each advances its share of
the neurons, and rank 0 holds the recordings and writes the files.)");
    m.def(
        "ranks", [] { return processes().size(); },
        "The number of processes mpirun started (1 without mpirun).");
    bind_errors(m);
    bind_network(m);
    bind_simulation(m);
    bind_files(m);
    bind_conversion(m);
    bind_experiments(m);
    bind_brunel(m);
}
