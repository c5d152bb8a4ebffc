# The server's layers and the include rules, usable from a configure (cmake/layering.cmake) and
# in script mode (cmake/check_layer_includes.cmake, run by the layering tests on fixture trees).
#
# Lowest first: a layer may link and #include only itself and the layers before it. Layer NAME is
# the folder server/NAME and the target server_NAME; "app" is the files directly in server/
# (app.*, config.*; main.cpp is the executable's wiring and is not scanned).
set(SOUNDINGS_SERVER_LAYERS core store services reports pdf app api cli)

# Folders of server/ that hold no C++ and so belong to no layer.
set(SOUNDINGS_SERVER_NON_CODE_FOLDERS web)

# Other trees and the prefixes their files must never include.
set(SOUNDINGS_FORBIDDEN_INCLUDES_shared "server/;kiosk/")
set(SOUNDINGS_FORBIDDEN_INCLUDES_kiosk "server/")

# The layer an included path ("server/reports/x.h", "server/app.h") belongs to, in `out`; "" when
# it is not a server path, "?" when it is in server/ but in no layer.
function(_soundings_layer_of_include path out)
  if(NOT path MATCHES "^server/")
    set(${out} "" PARENT_SCOPE)
  elseif(path MATCHES "^server/([^/]+)/")
    if(CMAKE_MATCH_1 IN_LIST SOUNDINGS_SERVER_LAYERS AND NOT CMAKE_MATCH_1 STREQUAL "app")
      set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
    else()
      set(${out} "?" PARENT_SCOPE)
    endif()
  else()
    set(${out} app PARENT_SCOPE)
  endif()
endfunction()

# The C++ files of a layer under `root`.
function(_soundings_layer_files root layer out)
  if(layer STREQUAL "app")
    file(GLOB files ${root}/server/*.h ${root}/server/*.cpp)
    list(FILTER files EXCLUDE REGEX "/server/main\\.cpp$")
  else()
    file(GLOB files ${root}/server/${layer}/*.h ${root}/server/${layer}/*.cpp)
  endif()
  set(${out} ${files} PARENT_SCOPE)
endfunction()

# "FILE:LINE" of the first `#include "included"` in `file`.
function(_soundings_include_site root file included out)
  file(READ ${file} text)
  string(FIND "${text}" "\"${included}\"" at)
  string(SUBSTRING "${text}" 0 ${at} before)
  string(REGEX MATCHALL "\n" newlines "${before}")
  list(LENGTH newlines line)
  math(EXPR line "${line} + 1")
  file(RELATIVE_PATH relative ${root} ${file})
  set(${out} "${relative}:${line}" PARENT_SCOPE)
endfunction()

# The quoted includes of `file` (their paths), in `out`.
function(_soundings_includes file out)
  file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]+\"")
  set(paths "")
  foreach(line IN LISTS lines)
    if(line MATCHES "\"([^\"]+)\"")
      list(APPEND paths ${CMAKE_MATCH_1})
    endif()
  endforeach()
  set(${out} ${paths} PARENT_SCOPE)
endfunction()

# Scans every layer's files under `root` and every file of shared/ and kiosk/, and stops with one
# line per wrong-direction include (FILE:LINE, what it includes and why that is not allowed).
function(soundings_check_layer_includes root)
  set(problems "")
  list(JOIN SOUNDINGS_SERVER_LAYERS " < " order)
  # A folder of server/ that is in no layer would escape the check: name it instead.
  file(GLOB entries LIST_DIRECTORIES true ${root}/server/*)
  foreach(entry IN LISTS entries)
    get_filename_component(name ${entry} NAME)
    if(IS_DIRECTORY ${entry} AND NOT name IN_LIST SOUNDINGS_SERVER_LAYERS
       AND NOT name IN_LIST SOUNDINGS_SERVER_NON_CODE_FOLDERS)
      list(APPEND problems
           "server/${name}/ is in no layer: add it to SOUNDINGS_SERVER_LAYERS (cmake/layer_rules.cmake)")
    endif()
  endforeach()
  foreach(layer IN LISTS SOUNDINGS_SERVER_LAYERS)
    list(FIND SOUNDINGS_SERVER_LAYERS ${layer} rank)
    _soundings_layer_files(${root} ${layer} files)
    foreach(file IN LISTS files)
      _soundings_includes(${file} includes)
      foreach(included IN LISTS includes)
        _soundings_layer_of_include(${included} target)
        if(target STREQUAL "")
          if(included MATCHES "^kiosk/")
            _soundings_include_site(${root} ${file} ${included} site)
            list(APPEND problems "${site}: the server must not include ${included}")
          endif()
          continue()
        endif()
        if(target STREQUAL "?")
          _soundings_include_site(${root} ${file} ${included} site)
          list(APPEND problems "${site}: ${included} is in no server layer")
          continue()
        endif()
        list(FIND SOUNDINGS_SERVER_LAYERS ${target} target_rank)
        if(target_rank GREATER rank)
          _soundings_include_site(${root} ${file} ${included} site)
          list(APPEND problems
               "${site}: the ${layer} layer must not include ${included} of the ${target} layer above it (${order})")
        endif()
      endforeach()
    endforeach()
  endforeach()
  foreach(tree shared kiosk)
    file(GLOB_RECURSE files ${root}/${tree}/*.h ${root}/${tree}/*.cpp)
    foreach(file IN LISTS files)
      _soundings_includes(${file} includes)
      foreach(included IN LISTS includes)
        foreach(prefix IN LISTS SOUNDINGS_FORBIDDEN_INCLUDES_${tree})
          if(included MATCHES "^${prefix}")
            _soundings_include_site(${root} ${file} ${included} site)
            list(APPEND problems "${site}: ${tree}/ must not include ${included}")
          endif()
        endforeach()
      endforeach()
    endforeach()
  endforeach()
  if(problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "wrong-direction includes (see cmake/layer_rules.cmake):\n  ${text}")
  endif()
endfunction()
