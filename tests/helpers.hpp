#pragma once
// Small tools shared by the tests.
#include <filesystem>
#include <string>

namespace spikesim::test {

struct CommandResult {
    int status;
    std::string out, err;
};

// Runs the spikesim binary with `arguments` (a shell-quoted string) and captures both streams.
CommandResult run_spikesim(const std::string& arguments);
// Runs a shell command line (bash) and captures both streams: for a ulimit before spikesim.
CommandResult run_shell(const std::string& command);

// A fresh empty directory under the system temp directory, removed by the destructor.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string write(const std::string& name, const std::string& content) const;

  private:
    std::filesystem::path path_;
};

std::string read_file(const std::string& path);
std::string source_path(const std::string& relative); // in the source tree

} // namespace spikesim::test
