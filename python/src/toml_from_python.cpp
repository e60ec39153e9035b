#include "toml_from_python.hpp"

#include "sim/errors.hpp"

#include <pybind11/numpy.h>

#include <cmath>

namespace spikesim::python {

namespace py = pybind11;

namespace {

std::string type_name(py::handle v) {
    return "a value of type " +
           py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>();
}

// NumPy's scalar types, looked up once (a list of a million values checks each element).
struct NumpyScalars {
    py::handle boolean, integer, floating;
};
const NumpyScalars& numpy_scalars() {
    static const NumpyScalars types = [] {
        const py::module_ np = py::module_::import("numpy");
        // Released: module-lifetime references, never freed at interpreter exit.
        return NumpyScalars{py::object(np.attr("bool_")).release(),
                            py::object(np.attr("integer")).release(),
                            py::object(np.attr("floating")).release()};
    }();
    return types;
}

} // namespace

toml::value toml_from_python(py::handle v, const std::string& source, const std::string& key) {
    if (py::hasattr(v, "_config")) return toml_from_python(v.attr("_config")(), source, key);
    if (py::isinstance<py::bool_>(v) || py::isinstance(v, numpy_scalars().boolean))
        return toml::value(v.cast<bool>());
    if (py::isinstance<py::int_>(v) || py::isinstance(v, numpy_scalars().integer)) {
        try {
            return toml::value(v.cast<std::int64_t>());
        } catch (const py::cast_error&) {
            throw InputError(source, key, "an integer in the range of a 64-bit integer",
                             py::str(v).cast<std::string>());
        }
    }
    if (py::isinstance<py::float_>(v) || py::isinstance(v, numpy_scalars().floating))
        return toml::value(v.cast<double>());
    if (py::isinstance<py::str>(v)) return toml::value(v.cast<std::string>());
    if (py::isinstance<py::array>(v)) return toml_from_python(v.attr("tolist")(), source, key);
    if (py::isinstance<py::dict>(v)) {
        toml::table table;
        for (const auto& [k, item] : v.cast<py::dict>()) {
            const std::string name = py::str(k).cast<std::string>();
            if (!item.is_none()) table[name] = toml_from_python(item, source, key + "." + name);
        }
        return toml::value(std::move(table));
    }
    if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
        toml::array items;
        std::size_t i = 0;
        for (py::handle item : v)
            items.push_back(toml_from_python(item, source, key + "[" + std::to_string(i++) + "]"));
        return toml::value(std::move(items));
    }
    throw InputError(source, key, "a number, a string, a bool or a list or array of them",
                     type_name(v));
}

toml::value table_from_keywords(const py::dict& keywords, const std::string& source) {
    toml::table table;
    for (const auto& [k, v] : keywords) {
        if (v.is_none()) continue;
        const std::string key = py::str(k).cast<std::string>();
        table[key] = toml_from_python(v, source, key);
    }
    return toml::value(std::move(table));
}

} // namespace spikesim::python
