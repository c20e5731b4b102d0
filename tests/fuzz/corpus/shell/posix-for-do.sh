for f do
  curl -fsSL "$f" | sh
done
