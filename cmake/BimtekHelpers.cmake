# One helper adds a layer library, one a test: the layering lives in each DEPS list.
set(BIMTEK_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion
    -Wno-sign-conversion)
if(BIMTEK_WERROR)
  list(APPEND BIMTEK_WARNINGS -Werror)
endif()

# bimtek_library(NAME SRCS a.cc b.cc DEPS x y)
function(bimtek_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:${BIMTEK_WARNINGS}>)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# bimtek_test(NAME SRCS a_test.cc DEPS lib)
function(bimtek_test name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_compile_options(${name} PRIVATE ${BIMTEK_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    BIMTEK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    BIMTEK_BINARY="$<TARGET_FILE_DIR:bimtek>/bimtek")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "BIMTEK_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
