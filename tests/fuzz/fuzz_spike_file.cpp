// libFuzzer target: the SONATA spike-file reader and the statistics of `spikesim analyze`.
// The input describes a file (populations, dataset shapes and values, attributes), which
// is written as valid HDF5 and read back: what is fuzzed is what the reader must not trust
// in a file's contents, not HDF5's own parser. Bad files must end in an InputError.
#include "analysis/file_statistics.hpp"
#include "io/hdf5_handle.hpp"
#include "io/spike_file.hpp"
#include "sim/errors.hpp"

#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace spikesim;

namespace {

// Values that break naive readers, mixed with ordinary ones.
double any_double(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange(0, 7)) {
    case 0:
        return std::numeric_limits<double>::infinity();
    case 1:
        return -std::numeric_limits<double>::infinity();
    case 2:
        return std::numeric_limits<double>::quiet_NaN();
    case 3:
        return in.ConsumeFloatingPoint<double>();
    case 4:
        return -in.ConsumeFloatingPointInRange<double>(0, 1e3);
    default:
        return in.ConsumeFloatingPointInRange<double>(0, 2e3);
    }
}

std::uint64_t any_id(FuzzedDataProvider& in) {
    return in.ConsumeBool() ? in.ConsumeIntegral<std::uint64_t>()
                            : in.ConsumeIntegralInRange<std::uint64_t>(0, 200);
}

void write_population(FuzzedDataProvider& in, hid_t file, int k) {
    auto g = hdf5::create_group(file, "/spikes/p" + std::to_string(k));
    const auto n = in.ConsumeIntegralInRange<std::size_t>(0, 64);
    std::vector<double> times(n);
    for (auto& t : times)
        t = any_double(in);
    if (in.ConsumeIntegralInRange(0, 9) == 0 && n >= 2) // two-dimensional
        hdf5::write_matrix(g.get(), "timestamps", 2, n / 2, times.data());
    else if (in.ConsumeIntegralInRange(0, 19) != 0)
        hdf5::write_vector(g.get(), "timestamps", std::span<const double>(times));
    std::vector<std::uint64_t> ids(
        in.ConsumeBool() ? n : in.ConsumeIntegralInRange<std::size_t>(0, 64));
    for (auto& id : ids)
        id = any_id(in);
    if (in.ConsumeIntegralInRange(0, 19) != 0)
        hdf5::write_vector(g.get(), "node_ids", std::span<const std::uint64_t>(ids));
    if (in.ConsumeBool())
        hdf5::write_attribute(g.get(), "n_nodes",
                              in.ConsumeBool() ? in.ConsumeIntegral<std::int64_t>()
                                               : in.ConsumeIntegralInRange<std::int64_t>(0, 300));
    if (in.ConsumeBool()) hdf5::write_attribute(g.get(), "simulated_ms", any_double(in));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    hdf5::silence_errors();
    FuzzedDataProvider in(data, size);
    static const std::string path = "/dev/shm/spikesim-fuzz-" + std::to_string(::getpid()) + ".h5";
    {
        auto file = hdf5::create_file(path);
        if (in.ConsumeIntegralInRange(0, 19) != 0) {
            hdf5::create_group(file.get(), "/spikes");
            const int populations = in.ConsumeIntegralInRange(0, 3);
            for (int k = 0; k < populations; ++k)
                write_population(in, file.get(), k);
        }
        if (in.ConsumeBool()) hdf5::write_attribute(file.get(), "simulated_ms", any_double(in));
    }
    try {
        const SpikeFile f = read_spike_file(path);
        FileStatisticsOptions o;
        o.window = in.ConsumeBool() ? any_double(in) : 10.0;
        o.validate(f);
        // The statistics themselves only on files small enough for the fuzzer's 10 s per
        // input under its instrumentation (their own bounds are fuzzed all the same).
        double cells = 0;
        for (const auto& p : f.populations)
            cells += double(p.nodes) * p.duration_ms / o.window;
        if (f.duration_ms > 0 && cells < 1e7) file_statistics(f, o);
    } catch (const InputError&) {
        // refused with a message: what a bad file should get
    }
    return 0;
}
