# Directions the build must keep, checked at configure time (a wrong one stops the configure):
# - shared/ never depends on UI, windowing, GL, sockets or the server: its whole link closure is
#   walked here, and shared/CMakeLists.txt also poisons the headers so an #include cannot sneak
#   them in;
# - the server's layers (cmake/layer_rules.cmake) link and #include only the layers below them;
# - shared/ and kiosk/ never #include the server.
# tests/layering/run_layering_tests.cmake proves that each check fails on a wrong direction.
include(${CMAKE_CURRENT_LIST_DIR}/layer_rules.cmake)

set(_forbidden_soundings_shared "imgui;glfw;GL;OpenGL;httplib;cpp-httplib;soundings_kiosk_ui;server")
# The kiosk core speaks HTTP (sync client) but never draws, and never links the server.
set(_forbidden_soundings_kiosk_core "imgui;glfw;GL;OpenGL;soundings_kiosk_ui;server")
function(_soundings_link_closure target out)
  set(seen "")
  set(todo ${target})
  while(todo)
    list(POP_FRONT todo cur)
    if(cur IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${cur})
    if(TARGET ${cur})
      get_target_property(libs ${cur} LINK_LIBRARIES)
      get_target_property(ilibs ${cur} INTERFACE_LINK_LIBRARIES)
      foreach(l IN LISTS libs ilibs)
        if(l AND NOT l MATCHES "-NOTFOUND$")
          list(APPEND todo ${l})
        endif()
      endforeach()
    endif()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()
foreach(guarded soundings_shared soundings_kiosk_core)
  if(TARGET ${guarded})
    _soundings_link_closure(${guarded} closure)
    foreach(dep IN LISTS closure)
      foreach(bad IN LISTS _forbidden_${guarded})
        string(TOLOWER "${dep}" dep_l)
        string(TOLOWER "${bad}" bad_l)
        if(dep_l MATCHES "(^|[:/_-])${bad_l}($|[.:/_-])")
          message(FATAL_ERROR "${guarded} must not link ${dep}: see cmake/layering.cmake")
        endif()
      endforeach()
    endforeach()
  endif()
endforeach()

# No server layer may link a layer above it, directly or through another target.
foreach(layer IN LISTS SOUNDINGS_SERVER_LAYERS)
  if(NOT TARGET server_${layer})
    continue()
  endif()
  list(FIND SOUNDINGS_SERVER_LAYERS ${layer} rank)
  _soundings_link_closure(server_${layer} closure)
  foreach(dep IN LISTS closure)
    if(dep MATCHES "^server_(.+)$" AND CMAKE_MATCH_1 IN_LIST SOUNDINGS_SERVER_LAYERS)
      list(FIND SOUNDINGS_SERVER_LAYERS ${CMAKE_MATCH_1} dep_rank)
      if(dep_rank GREATER rank)
        list(JOIN SOUNDINGS_SERVER_LAYERS " < " order)
        message(FATAL_ERROR "server_${layer} must not link ${dep}, a layer above it (${order}): "
                            "see cmake/layer_rules.cmake")
      endif()
    endif()
  endforeach()
endforeach()

# Every server layer's #includes, and shared/'s and kiosk/'s, against the same order.
soundings_check_layer_includes(${CMAKE_SOURCE_DIR})
