# `cmake --install`: the spikesim command, both libraries, every header under
# include/spikesim (the public ones are listed in docs/architecture.md; the others are
# what they include), the data and plotting scripts, a CMake package (find_package(spikesim)
# gives spikesim::engine and spikesim::experiments) and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS spikesim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS spikesim_engine spikesim_experiments EXPORT spikesimTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY sim models io config experiments analysis
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/spikesim FILES_MATCHING PATTERN "*.hpp")
install(FILES ${CMAKE_BINARY_DIR}/generated/sim/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/spikesim/sim)
install(FILES include/spikesim/spikesim.hpp include/spikesim/experiments.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/spikesim)
install(FILES data/digits.csv.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/spikesim)
install(DIRECTORY analysis/ DESTINATION ${CMAKE_INSTALL_DATADIR}/spikesim/analysis
  FILES_MATCHING PATTERN "*.py")

install(EXPORT spikesimTargets NAMESPACE spikesim::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spikesim)
configure_package_config_file(cmake/spikesimConfig.cmake.in
  ${CMAKE_BINARY_DIR}/spikesimConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spikesim)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/spikesimConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/spikesimConfig.cmake
  ${CMAKE_BINARY_DIR}/spikesimConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spikesim)

# pkg-config, for builds without CMake: the libraries and the include paths of the
# dependencies the headers use.
set(SPIKESIM_PC_CFLAGS "-I\${includedir} -I\${includedir}/spikesim -std=c++20")
foreach(dir ${HDF5_C_INCLUDE_DIRS} ${EIGEN3_INCLUDE_DIRS})
  string(APPEND SPIKESIM_PC_CFLAGS " -I${dir}")
endforeach()
list(GET HDF5_C_LIBRARIES 0 SPIKESIM_PC_HDF5)
set(SPIKESIM_PC_LIBS
  "-L\${libdir} -lspikesim_experiments -lspikesim_engine -ltbb ${SPIKESIM_PC_HDF5} -lz")
if(SPIKESIM_MPI)
  foreach(lib ${MPI_CXX_LIBRARIES})
    string(APPEND SPIKESIM_PC_LIBS " ${lib}")
  endforeach()
endif()
configure_file(cmake/spikesim.pc.in ${CMAKE_BINARY_DIR}/spikesim.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/spikesim.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
