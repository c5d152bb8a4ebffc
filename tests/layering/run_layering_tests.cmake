# The layering checks fail on a wrong direction, and pass on the right one and on the real tree.
#   cmake -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> -DGENERATOR=<generator> -P run_layering_tests.cmake
# Script mode, so each case is a child cmake whose exit code and output are checked here.
cmake_minimum_required(VERSION 3.25)
set(fixtures ${SOURCE_DIR}/tests/fixtures/layering)
set(failures "")

# Runs the command in ARGN and checks its exit code (0 or not) and that its output holds every
# EXPECT text.
function(expect name want_success)
  cmake_parse_arguments(CASE "" "" "EXPECT;COMMAND" ${ARGN})
  execute_process(COMMAND ${CASE_COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  set(ok TRUE)
  if(want_success AND NOT rc EQUAL 0)
    set(ok FALSE)
  elseif(NOT want_success AND rc EQUAL 0)
    set(ok FALSE)
  endif()
  foreach(text IN LISTS CASE_EXPECT)
    string(FIND "${out}" "${text}" at)
    if(at EQUAL -1)
      set(ok FALSE)
    endif()
  endforeach()
  if(ok)
    message(STATUS "ok: ${name}")
  else()
    message(STATUS "FAILED: ${name} (exit ${rc}); output:\n${out}")
    set(failures "${failures}\n  ${name}" PARENT_SCOPE)
  endif()
endfunction()

expect("includes that follow the layers pass" TRUE
       COMMAND ${CMAKE_COMMAND} -DROOT=${fixtures}/good
               -P ${SOURCE_DIR}/cmake/check_layer_includes.cmake)
expect("a wrong-direction include fails, naming file, line and layers" FALSE
       COMMAND ${CMAKE_COMMAND} -DROOT=${fixtures}/wrong_include
               -P ${SOURCE_DIR}/cmake/check_layer_includes.cmake
       EXPECT "server/store/rows.h:4: the store layer must not include server/services/audit_log.h"
              "shared/core/error.h:3: shared/ must not include server/core/clock.h"
              "server/extras/ is in no layer")
expect("the real tree follows the layers" TRUE
       COMMAND ${CMAKE_COMMAND} -DROOT=${SOURCE_DIR}
               -P ${SOURCE_DIR}/cmake/check_layer_includes.cmake)
foreach(kind good wrong)
  file(REMOVE_RECURSE ${WORK_DIR}/${kind}_link)
endforeach()
expect("a configure whose layers link downwards passes" TRUE
       COMMAND ${CMAKE_COMMAND} -S ${fixtures}/good_link -B ${WORK_DIR}/good_link -G ${GENERATOR}
               -DSOUNDINGS_CMAKE_DIR=${SOURCE_DIR}/cmake)
expect("a configure whose store links services fails" FALSE
       COMMAND ${CMAKE_COMMAND} -S ${fixtures}/wrong_link -B ${WORK_DIR}/wrong_link -G ${GENERATOR}
               -DSOUNDINGS_CMAKE_DIR=${SOURCE_DIR}/cmake
       EXPECT "server_store must not link server_services")

if(failures)
  message(FATAL_ERROR "layering tests failed:${failures}")
endif()
