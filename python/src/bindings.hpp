#pragma once
// The Python module spikesim._spikesim: the engine's Network and Simulation, the config
// layer's population and projection tables (so Python takes the keys of docs/config.md),
// the SONATA reader and writer, the converter and the experiments. The package
// python/spikesim wraps it with the pieces that are plain Python (rules, distributions,
// file helpers).
#include "models/conversion.hpp"
#include "sim/communicator.hpp"
#include "sim/errors.hpp"
#include "sim/network.hpp"

#include <pybind11/pybind11.h>

#include <memory>
#include <string>

namespace spikesim::python {

namespace py = pybind11;

// A Network as Python holds it: at a fixed address (a Simulation keeps a reference), and
// closed to new populations and projections once a Simulation uses it.
// The processes this interpreter runs networks with: under mpirun, every rank (MPI starts at
// the first call and ends when the interpreter exits); otherwise this process alone.
Communicator& processes();

struct NetworkHandle {
    // A network of this rank's share under mpirun (sim/partition.hpp).
    explicit NetworkHandle(std::uint64_t seed)
        : net(std::make_unique<Network>(seed, processes().partition())) {}
    std::unique_ptr<Network> net;
    bool in_use = false;
};

// A population of a NetworkHandle; keeps its network alive.
struct PopulationHandle {
    std::shared_ptr<NetworkHandle> owner;
    PopulationId id;
    const Population& population() const { return owner->net->population(id); }
};

std::string quoted(const std::string& s); // 'name'
// InputError (naming `source`) when a Simulation already uses the network.
void require_open(const NetworkHandle& h, const std::string& source);
// InputError naming `source` and `key` when `p` belongs to another network.
void require_member(const std::shared_ptr<NetworkHandle>& h, const PopulationHandle& p,
                    const std::string& source, const std::string& key);
// Network.connect_arrays (network_arrays.cpp).
std::string connect_arrays(const std::shared_ptr<NetworkHandle>& h, const PopulationHandle& source,
                           const PopulationHandle& target, py::handle pre, py::handle post,
                           py::handle weight, py::handle delay, py::object name);

// InputError (a ValueError) and DaleViolation (an InputError), OutputError (an OSError),
// each carrying the C++ exception's fields as attributes.
void bind_errors(py::module_& m);
void bind_network(py::module_& m);
void bind_simulation(py::module_& m);
void bind_files(py::module_& m);
void bind_conversion(py::module_& m);
void bind_experiments(py::module_& m);
void bind_brunel(py::module_& m);

class Keywords;
// The conversion options of spikesim.convert and the experiments (conversion.cpp).
void read_conversion_options(Keywords& keywords, ConversionOptions& options);

// The limit on TBB threads for a Simulation (0: every core), as an InputError otherwise.
int checked_threads(py::handle threads, const std::string& source);

} // namespace spikesim::python
