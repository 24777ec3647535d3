# Installs minimax-tts from its GitHub release on Windows: downloads the archive, checks
# its SHA-256 against the release's SHA256SUMS, and puts minimax-tts.exe in
# $env:MINIMAX_TTS_INSTALL_DIR (default %LOCALAPPDATA%\minimax-tts\bin), added to the
# user's PATH.
#
#   irm https://github.com/minimax-tts/minimax-tts/releases/latest/download/minimax-tts-installer.ps1 | iex
#
# $env:MINIMAX_TTS_VERSION = "0.1.0" picks a version (default: the latest release).
$ErrorActionPreference = "Stop"

$repo = "https://github.com/minimax-tts/minimax-tts"
$target = "x86_64-pc-windows-msvc"
$archive = "minimax-tts-$target.zip"
if ($env:MINIMAX_TTS_DOWNLOAD_URL) {
    $base = $env:MINIMAX_TTS_DOWNLOAD_URL
} elseif ($env:MINIMAX_TTS_VERSION) {
    $base = "$repo/releases/download/v$($env:MINIMAX_TTS_VERSION)"
} else {
    $base = "$repo/releases/latest/download"
}
$installDir = if ($env:MINIMAX_TTS_INSTALL_DIR) { $env:MINIMAX_TTS_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA "minimax-tts\bin" }

$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("minimax-tts-" + [System.Guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    Write-Host "minimax-tts installer: downloading $archive"
    Invoke-WebRequest -UseBasicParsing -Uri "$base/$archive" -OutFile (Join-Path $tmp $archive)
    Invoke-WebRequest -UseBasicParsing -Uri "$base/SHA256SUMS" -OutFile (Join-Path $tmp "SHA256SUMS")
    $expected = (Get-Content (Join-Path $tmp "SHA256SUMS") | Where-Object { ($_ -split '\s+')[1] -eq $archive } | ForEach-Object { ($_ -split '\s+')[0] }) | Select-Object -First 1
    $actual = (Get-FileHash -Algorithm SHA256 (Join-Path $tmp $archive)).Hash.ToLower()
    if (-not $expected -or $expected.ToLower() -ne $actual) {
        throw "$archive has SHA-256 $actual, not $expected; not installed"
    }
    Expand-Archive -Path (Join-Path $tmp $archive) -DestinationPath $tmp
    New-Item -ItemType Directory -Force -Path $installDir | Out-Null
    Copy-Item -Force (Join-Path $tmp "minimax-tts-$target\minimax-tts.exe") (Join-Path $installDir "minimax-tts.exe")
    $userPath = [Environment]::GetEnvironmentVariable("Path", "User")
    if (-not ($userPath -split ';' | Where-Object { $_ -eq $installDir })) {
        [Environment]::SetEnvironmentVariable("Path", "$userPath;$installDir", "User")
        Write-Host "minimax-tts installer: added $installDir to your PATH (open a new terminal)"
    }
    Write-Host "minimax-tts installer: installed $(& (Join-Path $installDir 'minimax-tts.exe') --version) in $installDir"
} finally {
    Remove-Item -Recurse -Force $tmp
}
