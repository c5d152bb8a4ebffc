# Debug builds run with AddressSanitizer and UndefinedBehaviorSanitizer; SOUNDINGS_TSAN swaps
# them for ThreadSanitizer (the two cannot be combined).
if(SOUNDINGS_TSAN)
  add_compile_options(-fsanitize=thread -g -O1)
  add_link_options(-fsanitize=thread)
elseif(CMAKE_BUILD_TYPE STREQUAL "Debug")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
