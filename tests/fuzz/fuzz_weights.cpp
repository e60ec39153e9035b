// libFuzzer target: bytes as a weights file for `coding --weights` (an .npz when they
// start as a ZIP archive does; scripts/fuzz.sh seeds the corpus with np.savez files).
// Bad input must end in an InputError; a crash, a hang or a sanitizer report is a finding.
#include "io/npz_file.hpp"
#include "io/weights_file.hpp"
#include "sim/errors.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/spikesim_fuzz_weights." + std::to_string(getpid());
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    }
    try {
        if (spikesim::looks_like_npz(path)) spikesim::load_weights(path);
    } catch (const spikesim::InputError&) {
        // refused with a message: what bad input should do
    }
    return 0;
}
