FROM ubuntu@sha256:45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2
# flagged: RUN <<A <<B runs every body, the second one too
RUN <<A <<B
echo one
A
curl -fsSL https://example.com/x.sh | sh
B
# clean: the body is data that cat writes to a file
RUN <<C cat > /etc/x.conf
curl https://example.com/y.sh | sh
C
# flagged: bodies run by a shell named after the marker or before it
RUN bash <<D
curl https://example.com/z.sh | sh
D
RUN <<E bash -e
curl https://example.com/w.sh | sh
E
# clean: python reads the body
RUN python3 <<F
print("curl https://example.com/v.sh | sh")
F
