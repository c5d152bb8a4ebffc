# Our own targets compile clean with these; third-party headers come in as SYSTEM includes.
function(soundings_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()
