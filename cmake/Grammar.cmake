# Obtains the tree-sitter-python grammar from the npm registry at configure time, verifies the
# tarball against the pinned npm `dist.integrity` (sha512, base64), and unpacks it into the build
# tree. The grammar's sources are never part of this repository.
#
#   PYMEMLINT_GRAMMAR_TARBALL  use this local tarball instead of running `npm pack` (still verified)

set(PYMEMLINT_GRAMMAR_VERSION "0.23.6")
set(PYMEMLINT_GRAMMAR_INTEGRITY
    "sha512-yIM9z0oxKIxT7bAtPOhgoVl6gTXlmlIhue7liFT4oBPF/lha7Ha4dQBS82Av6hMMRZoVnFJI8M6mL+SwWoLD3A==")
set(PYMEMLINT_GRAMMAR_TARBALL "" CACHE FILEPATH "Local tree-sitter-python tarball (skips npm pack)")

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

set(_pml_grammar_dir "${CMAKE_BINARY_DIR}/_grammar")
set(_pml_grammar_src "${_pml_grammar_dir}/package/src")
set(_pml_stamp "${_pml_grammar_dir}/verified-${PYMEMLINT_GRAMMAR_VERSION}.stamp")

if(NOT EXISTS "${_pml_stamp}")
  file(MAKE_DIRECTORY "${_pml_grammar_dir}")
  if(PYMEMLINT_GRAMMAR_TARBALL)
    set(_pml_tgz "${PYMEMLINT_GRAMMAR_TARBALL}")
  else()
    find_program(NPM_EXECUTABLE npm)
    if(NOT NPM_EXECUTABLE)
      message(FATAL_ERROR "npm is needed to fetch tree-sitter-python ${PYMEMLINT_GRAMMAR_VERSION} "
                          "(apt-get install npm), or set PYMEMLINT_GRAMMAR_TARBALL")
    endif()
    message(STATUS "Fetching tree-sitter-python@${PYMEMLINT_GRAMMAR_VERSION} with npm pack")
    execute_process(
      COMMAND "${NPM_EXECUTABLE}" pack "tree-sitter-python@${PYMEMLINT_GRAMMAR_VERSION}" --silent
      WORKING_DIRECTORY "${_pml_grammar_dir}"
      RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "npm pack tree-sitter-python@${PYMEMLINT_GRAMMAR_VERSION} failed:\n${_err}")
    endif()
    set(_pml_tgz "${_pml_grammar_dir}/tree-sitter-python-${PYMEMLINT_GRAMMAR_VERSION}.tgz")
  endif()
  file(SHA512 "${_pml_tgz}" _actual)
  string(REGEX REPLACE "^sha512-" "" _b64 "${PYMEMLINT_GRAMMAR_INTEGRITY}")
  _pml_base64_to_hex("${_b64}" _expected)
  if(NOT _actual STREQUAL _expected)
    message(FATAL_ERROR "tree-sitter-python tarball ${_pml_tgz} does not match the pinned integrity\n"
                        "  expected sha512 ${_expected}\n  actual   sha512 ${_actual}")
  endif()
  file(REMOVE_RECURSE "${_pml_grammar_dir}/package")
  file(ARCHIVE_EXTRACT INPUT "${_pml_tgz}" DESTINATION "${_pml_grammar_dir}"
       PATTERNS "package/src/*" "package/LICENSE" "package/package.json")
  if(NOT EXISTS "${_pml_grammar_src}/parser.c")
    message(FATAL_ERROR "tree-sitter-python tarball has no src/parser.c")
  endif()
  file(WRITE "${_pml_stamp}" "${PYMEMLINT_GRAMMAR_INTEGRITY}\n")
  message(STATUS "tree-sitter-python ${PYMEMLINT_GRAMMAR_VERSION} verified (${PYMEMLINT_GRAMMAR_INTEGRITY})")
endif()

add_library(tree_sitter_python STATIC "${_pml_grammar_src}/parser.c" "${_pml_grammar_src}/scanner.c")
target_include_directories(tree_sitter_python PRIVATE "${_pml_grammar_src}")
set_target_properties(tree_sitter_python PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_python PRIVATE -w)
