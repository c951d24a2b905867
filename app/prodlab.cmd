@echo off
rem Prodlab launcher for Windows: the desktop app with no arguments, the command line with a subcommand.
rem Builds the project with Maven first when the jar is missing. PRODLAB_JAVA_OPTS passes options to the JVM.
setlocal
set "HOME_DIR=%~dp0.."
set "JAR=%HOME_DIR%\target\prodlab.jar"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
if not exist "%JAR%" (
  echo prodlab: building with Maven ^(once; takes a minute^)... 1>&2
  pushd "%HOME_DIR%"
  call mvn -B -q -DskipTests package 1>&2
  if errorlevel 1 (
    popd
    echo prodlab: the build failed; see the Maven output above. 1>&2
    exit /b 70
  )
  popd
)
"%JAVA%" %PRODLAB_JAVA_OPTS% -Dprodlab.home="%HOME_DIR%" -jar "%JAR%" %*
exit /b %ERRORLEVEL%
