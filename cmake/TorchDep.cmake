# INTERFACE target deps::torch for Debian's libtorch-dev (no hints needed), the official
# libtorch archive or pip torch (-DCMAKE_PREFIX_PATH=<torch.utils.cmake_prefix_path>).
if(TARGET deps::torch)
  return()
endif()
find_package(Torch CONFIG QUIET)
add_library(deps_torch INTERFACE)
add_library(deps::torch ALIAS deps_torch)
if(TORCH_FOUND)
  message(STATUS "Torch: ${Torch_DIR} (version ${Torch_VERSION})")
  target_link_libraries(deps_torch INTERFACE ${TORCH_LIBRARIES})
  if(TORCH_CXX_FLAGS)
    separate_arguments(_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
    target_compile_options(deps_torch INTERFACE $<$<COMPILE_LANGUAGE:CXX>:${_torch_flags}>)
  endif()
else()
  # Plain layout without the CMake config files (headers + shared libraries only).
  find_path(TORCH_API_INCLUDE_DIR torch/torch.h PATH_SUFFIXES torch/csrc/api/include)
  find_path(TORCH_INCLUDE_DIR torch/script.h)
  find_library(TORCH_LIB torch)
  find_library(TORCH_CPU_LIB torch_cpu)
  find_library(C10_LIB c10)
  if(NOT (TORCH_API_INCLUDE_DIR AND TORCH_INCLUDE_DIR AND TORCH_LIB AND TORCH_CPU_LIB AND C10_LIB))
    message(FATAL_ERROR "libtorch not found. On Debian: apt-get install libtorch-dev; elsewhere pass "
      "-DCMAKE_PREFIX_PATH=/path/to/libtorch or the prefix printed by "
      "python3 -c 'import torch;print(torch.utils.cmake_prefix_path)'")
  endif()
  find_package(Threads REQUIRED)
  target_include_directories(deps_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIR} ${TORCH_API_INCLUDE_DIR})
  # Operators register in static constructors; --no-as-needed keeps the linker from dropping them.
  target_link_libraries(deps_torch INTERFACE
    "-Wl,--no-as-needed" ${TORCH_LIB} ${TORCH_CPU_LIB} "-Wl,--as-needed" ${C10_LIB} Threads::Threads)
  message(STATUS "Torch: headers ${TORCH_API_INCLUDE_DIR}, libraries ${TORCH_LIB}")
endif()
