# Our own targets compile clean with these; third-party headers come in as SYSTEM includes.
# SOUNDINGS_WERROR (on in scripts/build, so in CI's Release build) makes any warning an error.
function(soundings_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(SOUNDINGS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
