#pragma once
// What every writer of a user's file shares: a hidden temporary name next to the file,
// where a file is written before it takes its final name, and the translation of a failed
// write into an OutputError that names the file and the system's reason.
#include "io/hdf5_handle.hpp"
#include "sim/errors.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace spikesim {

// Throws InputError naming `option` when `path` cannot be written (missing or read-only
// directory, a directory in its place, a read-only file). Creates nothing.
void check_output_path(const std::string& path, const std::string& option);

// The preamble of every command that writes a file: with `make_directory` (the path is a
// command's default, such as results/coding.h5) the file's directory is made first, then
// the path is checked as above.
void prepare_output_path(const std::string& path, bool make_directory, const std::string& key);

// Refuses (InputError naming `key`) an output path that is one of the run's inputs (its
// config file, say), which writing would destroy.
void require_not_an_input(const std::string& path, const std::string& key,
                          const std::vector<std::string>& inputs);

// The file a new output replaces: `path`, or the file it points to when it is a symbolic
// link, which stays a link (the rule for every file spikesim writes or changes).
std::string output_target(const std::string& path);

// ".<name>.tmp.<pid>" in the directory of `path`: the same file system, so a rename moves
// it into place at once. Temporaries of the same name left by processes that no longer
// run (killed with SIGKILL, a power loss) are removed first.
std::string temporary_path_next_to(const std::string& path);

// Flushes and closes `file`, written under the name `temporary`, and renames it to `target`;
// throws std::runtime_error, with errno saying why, when any step fails. How both new files
// and changed copies take their final name.
void close_into_place(hdf5::Handle& file, const std::string& temporary, const std::string& target);

// Runs `write`; a failure becomes an OutputError naming `path`, with `outcome` saying what
// the user is left with. HDF5 reports a failed write (a full disk, a file size limit) as a
// failed call, often only when its cache is flushed; the system's reason is still in errno
// then. HDF5 keeps its error printing per thread (Debian builds it thread-safe), and writes
// may come from a writer thread: it is silenced for whichever thread writes.
template <class Write>
void as_output_error(const std::string& path, const std::string& outcome, Write write) {
    hdf5::silence_errors();
    try {
        errno = 0;
        write();
    } catch (const InputError&) {
        throw;
    } catch (const OutputError&) {
        throw;
    } catch (const std::runtime_error& e) {
        const int reason = errno;
        std::string detail = e.what();
        if (reason != 0) detail.append(" (").append(std::strerror(reason)).append(")");
        throw OutputError(path, detail, outcome);
    }
}

// Changes an existing HDF5 file all or nothing. HDF5 changes a file in place, so a write
// that fails half way (a full disk) would leave the file broken: the changes go into a
// copy next to it instead, which replaces the file on commit(). Without commit (an error),
// the copy is removed and the file is as it was.
class FileUpdate {
  public:
    // Throws InputError naming `option` when the file or its directory cannot be written,
    // and OutputError when the copy cannot be made.
    FileUpdate(std::string path, const std::string& option);
    ~FileUpdate();
    FileUpdate(const FileUpdate&) = delete;
    FileUpdate& operator=(const FileUpdate&) = delete;

    hid_t file() const { return file_.get(); }
    // Runs `write` (which changes file()); its failure becomes an OutputError.
    template <class Write> void write(Write write) {
        as_output_error(path_, OutputError::left_as_it_was, write);
    }
    // Flushes, closes and puts the changed copy in the file's place (OutputError on failure).
    void commit();

  private:
    std::string path_;   // as the user gave it, for messages
    std::string target_; // the file itself, symbolic links resolved
    std::string temporary_;
    hdf5::Handle file_;
    bool committed_ = false;
};

} // namespace spikesim
