module lq3/cloudflare-standin

go 1.25.0
