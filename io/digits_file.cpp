#include "io/digits_file.hpp"

#include "sim/errors.hpp"

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace spikesim {

namespace {
constexpr int features = 64, classes = 10;

std::vector<std::string> read_lines(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb"); // reads plain files too
    if (!f)
        throw InputError(path, "", "a readable digits CSV (gzip or plain)",
                         "a file that cannot be opened");
    std::vector<std::string> lines;
    std::string current;
    char buffer[8192];
    int n;
    while ((n = gzread(f, buffer, sizeof buffer)) > 0) {
        for (int i = 0; i < n; ++i) {
            if (buffer[i] == '\n') {
                lines.push_back(std::move(current));
                current.clear();
            } else if (buffer[i] != '\r') {
                current.push_back(buffer[i]);
            }
        }
    }
    const bool failed = n < 0;
    gzclose(f);
    if (failed) throw InputError(path, "", "a readable gzip stream", "a corrupt file");
    if (!current.empty()) lines.push_back(std::move(current));
    return lines;
}
} // namespace

LabelledData load_digits(const std::string& path) {
    const auto lines = read_lines(path);
    LabelledData d;
    d.classes = classes;
    std::vector<double> values;
    for (std::size_t l = 0; l < lines.size(); ++l) {
        if (lines[l].empty()) continue;
        std::stringstream s(lines[l]);
        std::string field;
        std::vector<long> row;
        while (std::getline(s, field, ',')) {
            char* end = nullptr;
            const long v = std::strtol(field.c_str(), &end, 10);
            if (field.empty() || *end != '\0')
                throw InputError(path, "column " + std::to_string(row.size() + 1), "an integer",
                                 "\"" + field + "\"", static_cast<std::uint32_t>(l + 1));
            row.push_back(v);
        }
        if (row.size() != features + 1)
            throw InputError(path, "", "65 comma-separated integers (64 pixels, then the label)",
                             std::to_string(row.size()) + " values",
                             static_cast<std::uint32_t>(l + 1));
        for (int k = 0; k < features; ++k) {
            if (row[std::size_t(k)] < 0 || row[std::size_t(k)] > 16)
                throw InputError(path, "column " + std::to_string(k + 1),
                                 "a pixel value from 0 to 16", std::to_string(row[std::size_t(k)]),
                                 static_cast<std::uint32_t>(l + 1));
            values.push_back(static_cast<double>(row[std::size_t(k)]) / 16.0);
        }
        if (row.back() < 0 || row.back() >= classes)
            throw InputError(path, "column 65", "a label from 0 to 9", std::to_string(row.back()),
                             static_cast<std::uint32_t>(l + 1));
        d.y.push_back(static_cast<int>(row.back()));
    }
    if (d.y.empty()) throw InputError(path, "", "at least one sample", "none");
    d.x = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        values.data(), static_cast<Eigen::Index>(d.y.size()), features);
    return d;
}

std::string default_digits_path() {
    // SPIKESIM_DATA_DIR if set, else the installation's copy, else the source tree's.
    if (const char* dir = std::getenv("SPIKESIM_DATA_DIR"))
        return std::string(dir) + "/digits.csv.gz";
    const std::string installed = std::string(SPIKESIM_INSTALL_DATA_DIR) + "/digits.csv.gz";
    std::error_code ec;
    if (std::filesystem::exists(installed, ec)) return installed;
    return std::string(SPIKESIM_SOURCE_DIR) + "/data/digits.csv.gz";
}

} // namespace spikesim
