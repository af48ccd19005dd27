# Build the Windows installer of Stagecoach (run from anywhere, on 64-bit Windows 10/11):
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs Python 3.11 on PATH (py launcher or python.exe) and Inno Setup 6 (ISCC.exe; the
# GitHub windows runners have it, else: winget install JRSoftware.InnoSetup).
# Produces dist\stagecoach-<version>-windows-x86_64\ (the PyInstaller folder),
# dist\stagecoach-<version>-windows-x86_64.zip (portable) and
# dist\stagecoach-<version>-windows-x86_64-setup.exe (the installer).
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

function Step($name, [scriptblock]$body) {
    Write-Host "==> $name"
    $global:LASTEXITCODE = 0  # strict mode: it must exist before the first native command
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $body
    if ($LASTEXITCODE -and $LASTEXITCODE -ne 0) { throw "$name failed (exit $LASTEXITCODE)" }
    Write-Host ("    done in {0:N1} s" -f $watch.Elapsed.TotalSeconds)
}

$Py = Join-Path $Root ".venv\Scripts\python.exe"
Step "Python environment (.venv, without the reference engine)" {
    if (-not (Test-Path $Py)) {
        if (Get-Command py -ErrorAction SilentlyContinue) { py -3.11 -m venv .venv }
        else { python -m venv .venv }
    }
    & $Py -m pip install --quiet --upgrade pip
    # The app and PyInstaller only: torch/openai-whisper stay out of the installer.
    & $Py -m pip install --quiet -e . "pyinstaller>=6.10"
}

$Version = (& $Py -c "import desktop_app; print(desktop_app.__version__)").Trim()
$Name = "stagecoach-$Version-windows-x86_64"
$Bundle = Join-Path $Root "dist\$Name"

Step "Icons" {
    & $Py packaging\make_icons.py resources\icons\stagecoach.svg build\icons
}

Step "PyInstaller bundle $Name" {
    $env:STAGECOACH_DIST_NAME = $Name
    $env:STAGECOACH_ICON = Join-Path $Root "build\icons\stagecoach.ico"
    & (Join-Path $Root ".venv\Scripts\pyinstaller.exe") --noconfirm --clean --log-level WARN `
        --distpath dist --workpath build\pyinstaller packaging\stagecoach.spec
}

Step "Smoke test and offline self-test" {
    & "$Bundle\stagecoach.exe" --version
    if ($LASTEXITCODE -ne 0) { throw "stagecoach.exe --version failed" }
    $env:QT_QPA_PLATFORM = "offscreen"
    & "$Bundle\stagecoach.exe" --self-test
    Remove-Item Env:QT_QPA_PLATFORM
}

Step "Portable zip" {
    $zip = "dist\$Name.zip"
    if (Test-Path $zip) { Remove-Item $zip }
    Compress-Archive -Path $Bundle -DestinationPath $zip
}

Step "Inno Setup installer" {
    $iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
    if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
    if (-not (Test-Path $iscc)) { throw "Inno Setup 6 (ISCC.exe) is not installed." }
    & $iscc /Q "/DAppVersion=$Version" "/DSourceDir=$Bundle" `
        "/DIconFile=$(Join-Path $Root 'build\icons\stagecoach.ico')" packaging\windows\stagecoach.iss
}

Get-ChildItem dist -File | Where-Object { $_.Name -like "stagecoach-$Version-windows*" } |
    ForEach-Object { Write-Host ("  {0,8:N0} MB  {1}" -f ($_.Length / 1MB), $_.FullName) }
