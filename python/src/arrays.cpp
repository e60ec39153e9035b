#include "arrays.hpp"

namespace spikesim::python {

namespace py = pybind11;

py::array as_numpy(py::handle value) {
    return py::module_::import("numpy").attr("asarray")(value).cast<py::array>();
}

std::string describe_array(const py::array& a) {
    std::string shape = "(";
    for (py::ssize_t d = 0; d < a.ndim(); ++d)
        shape += (d ? ", " : "") + std::to_string(a.shape(d));
    shape += a.ndim() == 1 ? ",)" : ")";
    return "an array of shape " + shape + " and dtype " + py::str(a.dtype()).cast<std::string>();
}

} // namespace spikesim::python
