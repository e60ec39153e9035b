#include "helpers.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>

namespace spikesim::test {

CommandResult run_shell(const std::string& command) {
    TempDir dir;
    const std::string out = dir.file("stdout"), err = dir.file("stderr");
    const std::string script = dir.write("command.sh", command + "\n");
    const std::string line = "bash " + script + " >" + out + " 2>" + err + " </dev/null";
    const int raw = std::system(line.c_str());
    const int status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return {status, read_file(out), read_file(err)};
}

CommandResult run_spikesim(const std::string& arguments) {
    return run_shell(std::string(SPIKESIM_BINARY) + " " + arguments);
}

TempDir::TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("spikesim-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const std::string p = file(name);
    std::ofstream(p) << content;
    return p;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string source_path(const std::string& relative) {
    return std::string(SPIKESIM_SOURCE_DIR) + "/" + relative;
}

} // namespace spikesim::test
