"""What every chat front end shares, without a platform library: the command grammar, rules."""
