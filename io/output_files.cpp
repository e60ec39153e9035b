#include "io/output_files.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace spikesim {

namespace fs = std::filesystem;

void check_output_path(const std::string& path, const std::string& option) {
    const std::string expected = "a path to an HDF5 file in an existing, writable directory";
    if (path.empty()) throw InputError("", option, expected, "an empty path");
    const fs::path p(path);
    std::error_code ec;
    if (fs::is_directory(p, ec)) throw InputError(path, option, expected, "a directory");
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        throw InputError(path, option, expected, "no directory " + dir.string());
    if (::access(dir.c_str(), W_OK) != 0)
        throw InputError(path, option, expected, "directory " + dir.string() + " is not writable");
    if (fs::exists(p, ec) && ::access(p.c_str(), W_OK) != 0)
        throw InputError(path, option, expected, "an existing file that is not writable");
}

void prepare_output_path(const std::string& path, bool make_directory, const std::string& key) {
    const fs::path p(path);
    std::error_code ec;
    if (make_directory && p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
    check_output_path(path, key);
}

void require_not_an_input(const std::string& path, const std::string& key,
                          const std::vector<std::string>& inputs) {
    std::error_code ec;
    for (const auto& input : inputs)
        if (fs::equivalent(path, input, ec))
            throw InputError("", key,
                             "an output path other than an input of the run (" + input + ")",
                             "\"" + path + "\", which would be overwritten");
}

std::string output_target(const std::string& path) {
    // Followed link by link (canonical() refuses a link to a file not written yet).
    fs::path p(path);
    std::error_code ec;
    for (int hops = 0; hops < 40 && fs::is_symlink(p, ec); ++hops) {
        const fs::path to = fs::read_symlink(p, ec);
        if (ec) break;
        p = to.is_absolute() ? to : p.parent_path() / to;
    }
    return p.string();
}

namespace {

// ".<name>.tmp.<pid>" files next to `target` whose process no longer runs (killed before it
// could remove them): removed, since no process will finish or remove them now.
void remove_stale_temporaries(const fs::path& target) {
    const std::string prefix = "." + target.filename().string() + ".tmp.";
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string pid = name.substr(prefix.size());
        if (pid.empty() || pid.size() > 9 ||
            pid.find_first_not_of("0123456789") != std::string::npos)
            continue;
        if (::kill(std::stoi(pid), 0) == 0 || errno != ESRCH) continue; // alive, or not ours
        fs::remove(entry.path(), ec);
    }
}

// Makes what was written durable before the rename makes it visible: else a power loss
// could leave the final name on an empty or partial file.
bool sync_path(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    errno = error;
    return ok;
}

} // namespace

std::string temporary_path_next_to(const std::string& path) {
    const fs::path p(path);
    remove_stale_temporaries(p);
    std::string hidden = ".";
    hidden.append(p.filename().string()).append(".tmp.").append(std::to_string(::getpid()));
    return (p.parent_path() / hidden).string();
}

void close_into_place(hdf5::Handle& file, const std::string& temporary, const std::string& target) {
    if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0)
        throw std::runtime_error("HDF5 could not flush the file to disk");
    file.reset();
    if (!sync_path(temporary, O_RDONLY))
        throw std::runtime_error("could not sync " + temporary + " to disk");
    std::error_code ec;
    fs::rename(temporary, target, ec);
    if (ec) {
        errno = ec.value();
        throw std::runtime_error("could not rename " + temporary + " to " + target);
    }
    const fs::path dir =
        fs::path(target).has_parent_path() ? fs::path(target).parent_path() : fs::path(".");
    sync_path(dir.string(), O_RDONLY | O_DIRECTORY); // the rename itself; best effort
}

namespace {

// Copies `from` to a new file `to` with the same permission bits; false on failure, with
// errno saying why. std::filesystem::copy_file would do, but libstdc++ reports a full
// disk there as an input/output error.
bool copy_contents(const std::string& from, const std::string& to) {
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return false;
    struct stat st {};
    const int out =
        ::fstat(in, &st) == 0
            ? ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 07777)
            : -1;
    int error = out < 0 ? errno : 0;
    std::vector<char> buffer(1 << 16);
    while (error == 0) {
        const ssize_t n = ::read(in, buffer.data(), buffer.size());
        if (n == 0) break;
        if (n < 0) {
            if (errno != EINTR) error = errno;
            continue;
        }
        for (ssize_t done = 0; error == 0 && done < n;) {
            const ssize_t w =
                ::write(out, buffer.data() + done, static_cast<std::size_t>(n - done));
            if (w >= 0)
                done += w;
            else if (errno != EINTR)
                error = errno;
        }
    }
    if (out >= 0 && ::close(out) != 0 && error == 0) error = errno; // a full disk may show here
    ::close(in);
    errno = error;
    return error == 0;
}

} // namespace

FileUpdate::FileUpdate(std::string path, const std::string& option) : path_(std::move(path)) {
    check_output_path(path_, option);
    target_ = output_target(path_); // a symbolic link stays one
    if (target_ != path_) check_output_path(target_, option);
    temporary_ = temporary_path_next_to(target_);
    try {
        as_output_error(path_, OutputError::left_as_it_was, [&] {
            if (!copy_contents(target_, temporary_))
                throw std::runtime_error("could not copy it to " + temporary_);
            file_ = hdf5::open_file_write(temporary_);
        });
    } catch (...) {
        std::remove(temporary_.c_str()); // no destructor runs for a constructor that throws
        throw;
    }
}

FileUpdate::~FileUpdate() {
    if (!committed_) {
        file_.reset();
        std::remove(temporary_.c_str());
    }
}

void FileUpdate::commit() {
    as_output_error(path_, OutputError::left_as_it_was,
                    [&] { close_into_place(file_, temporary_, target_); });
    committed_ = true;
}

} // namespace spikesim
