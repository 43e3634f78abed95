# magnete_set_warnings(target): the project's warning level, private to the target.
# -Wno-missing-field-initializers: an aggregate whose later members have default initializers
# is meant to be written with the first ones only (Error{path, message}).
function(magnete_set_warnings target)
  if(MSVC)
    return()
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wno-missing-field-initializers)
  if(MAGNETE_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
