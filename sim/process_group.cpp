#include "sim/process_group.hpp"

#include "sim/errors.hpp"
#ifdef SPIKESIM_HAS_MPI
#include "sim/mpi/mpi_communicator.hpp"
#endif

#include <cstdlib>
#include <string>

namespace spikesim {

std::uint32_t launched_processes() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
        if (const char* value = std::getenv(name)) {
            const long n = std::strtol(value, nullptr, 10);
            if (n >= 1) return static_cast<std::uint32_t>(n);
        }
    return 1;
}

ProcessGroup::ProcessGroup([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
    const std::uint32_t launched = launched_processes();
#ifdef SPIKESIM_HAS_MPI
    if (launched > 1) {
        communicator_ = std::make_unique<MpiCommunicator>(argc, argv);
        return;
    }
#else
    if (launched > 1)
        throw InputError("mpirun", "-np",
                         "1 process: this spikesim was built without MPI (install "
                         "libopenmpi-dev and configure with -DSPIKESIM_MPI=ON)",
                         std::to_string(launched) + " processes");
#endif
    communicator_ = std::make_unique<SingleProcess>();
}

ProcessGroup::~ProcessGroup() = default;

} // namespace spikesim
