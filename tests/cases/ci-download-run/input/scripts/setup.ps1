# flagged: a download piped into Invoke-Expression, in its three spellings
iwr https://example.com/install.ps1 -UseBasicParsing | iex
iex ((New-Object System.Net.WebClient).DownloadString('https://example.com/choco.ps1'))
Invoke-RestMethod https://example.com/a.ps1 | Invoke-Expression
# flagged: saved to a file, then run
Invoke-WebRequest -Uri https://example.com/tool.exe -OutFile "$env:TEMP\tool.exe"
& "$env:TEMP\tool.exe" /quiet
(New-Object Net.WebClient).DownloadFile('https://example.com/setup.msi', 'setup.msi')
msiexec /i setup.msi /qn
# clean: checked before it runs, and a download that is only data
Invoke-WebRequest https://example.com/ok.exe -OutFile ok.exe
if ((Get-FileHash ok.exe).Hash -ne $expected) { throw "bad hash" }
& .\ok.exe
Invoke-WebRequest https://example.com/data.json -OutFile data.json
