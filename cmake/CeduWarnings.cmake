# cedu_set_warnings(TARGET): the project's warning flags, applied per target.
function(cedu_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wold-style-cast)
endfunction()
