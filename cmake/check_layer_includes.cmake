# cmake -DROOT=<source tree> -P cmake/check_layer_includes.cmake
# Fails (exit 1, one line per problem) when a file of ROOT includes against the layers of
# cmake/layer_rules.cmake; the configure step runs the same check on the real tree.
cmake_minimum_required(VERSION 3.25)
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P check_layer_includes.cmake")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/layer_rules.cmake)
get_filename_component(ROOT "${ROOT}" ABSOLUTE)
soundings_check_layer_includes(${ROOT})
message(STATUS "includes follow the layers in ${ROOT}")
