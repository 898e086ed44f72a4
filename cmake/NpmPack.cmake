# Fetches an npm package tarball with `npm pack` and checks it against the package's pinned
# `dist.integrity` (sha512, base64), so nothing unverified is ever unpacked.
#
#   pml_npm_pack(SPEC INTEGRITY DIR TARBALL OUT_VAR ERROR_VAR)
#     SPEC       name@version, as npm takes it
#     INTEGRITY  the npm dist.integrity string, "sha512-..."
#     DIR        where `npm pack` writes the tarball
#     TARBALL    a local tarball to verify instead of running npm (may be empty)
#     OUT_VAR    set to the verified tarball's path
#     ERROR_VAR  set to an error message, or to "" on success

# Decodes standard base64 into lowercase hex, so the npm integrity string can be compared with
# CMake's file(SHA512), which yields hex.
function(_pml_base64_to_hex b64 out)
  set(alphabet "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
  string(REGEX REPLACE "=+$" "" b64 "${b64}")
  string(LENGTH "${b64}" len)
  set(bits 0)
  set(nbits 0)
  set(hex "")
  math(EXPR last "${len} - 1")
  foreach(i RANGE 0 ${last})
    string(SUBSTRING "${b64}" ${i} 1 ch)
    string(FIND "${alphabet}" "${ch}" v)
    if(v LESS 0)
      message(FATAL_ERROR "invalid base64 character '${ch}' in grammar integrity")
    endif()
    math(EXPR bits "((${bits} << 6) | ${v}) & 0xFFFF")
    math(EXPR nbits "${nbits} + 6")
    if(nbits GREATER_EQUAL 8)
      math(EXPR nbits "${nbits} - 8")
      math(EXPR byte "(${bits} >> ${nbits}) & 0xFF" OUTPUT_FORMAT HEXADECIMAL)
      string(REGEX REPLACE "^0x" "" byte "${byte}")
      string(LENGTH "${byte}" bl)
      if(bl EQUAL 1)
        set(byte "0${byte}")
      endif()
      string(APPEND hex "${byte}")
    endif()
  endforeach()
  string(TOLOWER "${hex}" hex)
  set(${out} "${hex}" PARENT_SCOPE)
endfunction()

function(pml_npm_pack spec integrity dir tarball out_var error_var)
  set(${error_var} "" PARENT_SCOPE)
  file(MAKE_DIRECTORY "${dir}")
  if(tarball)
    set(tgz "${tarball}")
  else()
    find_program(NPM_EXECUTABLE npm)
    if(NOT NPM_EXECUTABLE)
      set(${error_var} "npm is needed to fetch ${spec} (apt-get install npm)" PARENT_SCOPE)
      return()
    endif()
    message(STATUS "Fetching ${spec} with npm pack")
    execute_process(
      COMMAND "${NPM_EXECUTABLE}" pack "${spec}" --silent
      WORKING_DIRECTORY "${dir}"
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0)
      set(${error_var} "npm pack ${spec} failed:\n${err}" PARENT_SCOPE)
      return()
    endif()
    # npm prints the tarball's file name last (a scoped name becomes scope-name-version.tgz).
    string(REGEX MATCH "[^\n]+$" name "${out}")
    set(tgz "${dir}/${name}")
  endif()
  file(SHA512 "${tgz}" actual)
  string(REGEX REPLACE "^sha512-" "" b64 "${integrity}")
  _pml_base64_to_hex("${b64}" expected)
  if(NOT actual STREQUAL expected)
    set(${error_var} "${tgz} does not match the pinned integrity of ${spec}\n  expected sha512 ${expected}\n  actual   sha512 ${actual}" PARENT_SCOPE)
    return()
  endif()
  set(${out_var} "${tgz}" PARENT_SCOPE)
endfunction()
