FROM mcr.microsoft.com/windows/servercore@sha256:45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
# flagged: iwr | iex under a PowerShell SHELL
RUN iwr https://example.com/bootstrap.ps1 -UseBasicParsing | iex
